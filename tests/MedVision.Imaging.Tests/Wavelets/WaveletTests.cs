using MedVision.Imaging.Wavelets;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Wavelets;

public class WaveletTests
{
    [Fact]
    public void EveryBuiltInWavelet_HasPyWaveletsFourFilters()
    {
        var index = File.ReadAllLines(RepoPaths.Fixture("imaging", "wavelets", "filters.txt"));
        var filters = NpyFixture.Load("imaging", "wavelets", "filters.npy").Values;
        Assert.Equal(75, index.Length);
        Assert.Equal(index.Select(l => l.Split(' ')[0]), Wavelet.Names);
        var offset = 0;
        foreach (var line in index)
        {
            var parts = line.Split(' ');
            var length = int.Parse(parts[1]);
            var w = Wavelet.Get(parts[0]);
            Assert.Equal(length, w.FilterLength);
            foreach (var (filter, label) in new[] { (w.DecLo.ToArray(), "dec_lo"), (w.DecHi.ToArray(), "dec_hi"), (w.RecLo.ToArray(), "rec_lo"), (w.RecHi.ToArray(), "rec_hi") })
            {
                Assert.Equal(filters.AsSpan(offset, length).ToArray(), filter);
                offset += length;
                Assert.True(filter.Length == length, $"{w.Name} {label}");
            }
        }

        Assert.Equal(filters.Length, offset);
    }

    [Fact]
    public void Get_IsCaseInsensitive_AndNamesTheFamilies_ForUnknownNames()
    {
        Assert.Same(Wavelet.Get("db5"), Wavelet.Get("DB5"));
        Assert.Equal(WaveletFamily.ReverseBiorthogonal, Wavelet.Get("rbio3.5").Family);
        Assert.True(Wavelet.Get("sym8").IsOrthogonal);
        Assert.False(Wavelet.Get("bior2.2").IsOrthogonal);
        var e = Assert.Throws<ArgumentException>(() => Wavelet.Get("db21"));
        Assert.Contains("db21", e.Message, StringComparison.Ordinal);
        Assert.Contains("db1–db20", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomFilterBank_MustHaveOneEvenLength()
    {
        Assert.Throws<ArgumentException>(() => new Wavelet("odd", [1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => new Wavelet("mixed", [1, 1], [1, 1, 1, 1], [1, 1], [1, 1]));
        var haar = Wavelet.Get("haar");
        var custom = new Wavelet("myhaar", haar.DecLo.ToArray(), haar.DecHi.ToArray(), haar.RecLo.ToArray(), haar.RecHi.ToArray());
        var x = new double[] { 1, 5, 2, 8, 3 };
        Assert.Equal(WaveletTransform.Dwt(x, haar).Approximation, WaveletTransform.Dwt(x, custom).Approximation);
    }
}
