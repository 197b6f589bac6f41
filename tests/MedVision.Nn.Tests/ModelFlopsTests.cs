using MedVision.Nn.Zoo;

namespace MedVision.Nn.Tests;

public class ModelFlopsTests
{
    [Fact]
    public void SeedCnn_At60x60_Costs83Point5MegaflopsForward()
    {
        // By hand: conv 1→32 at 60², 32→64 at 30², 64→128 at 15², 128→128 at 7² (3×3 kernels, 'same' padding),
        // then dense 1152→256→128→1: 2·(288·3600 + 18432·900 + 73728·225 + 147456·49 + 294912 + 32768 + 128).
        var model = ModelZoo.Create("seed-cnn", 1, 60, 60);
        const long expected = 2L * ((288 * 3600) + (18432 * 900) + (73728 * 225) + (147456 * 49) + 294912 + 32768 + 128);
        Assert.Equal(expected, ModelFlops.Forward(model, [1, 60, 60]));
        Assert.InRange(expected / 1e6, 83, 84);
        Assert.True(model.Training);
    }
}
