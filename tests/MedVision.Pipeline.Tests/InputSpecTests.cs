using MedVision.Imaging;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Models;

namespace MedVision.Pipeline.Tests;

public sealed class InputSpecTests
{
    [Fact]
    public void Tensors_ScaleThenNormalisePerChannel()
    {
        // Two channels of a 1×2 image: (v / 255 − mean[c]) / std[c], torchvision's Normalize after ToTensor.
        var image = new Image(2, 1, 2, [0f, 255f, 51f, 102f]);
        var spec = new InputSpec(2, 1, 2, 1f / 255, null).WithNormalization([0.5f, 0.2f], [0.25f, 0.5f]);
        var x = spec.Tensor([image]);
        Assert.Equal([1, 2, 1, 2], x.Shape.ToArray());
        float[] expected = [(0f - 0.5f) / 0.25f, (1f - 0.5f) / 0.25f, ((51f / 255) - 0.2f) / 0.5f, ((102f / 255) - 0.2f) / 0.5f];
        var actual = x.Data.ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 6);
        }
    }

    [Fact]
    public void Of_EightBitImages_ScaleBy1Over255_DeeperData_By1OverMax()
    {
        Assert.Equal(1f / 255, InputSpec.Of([new Image(1, 2, 2, [0, 10, 200, 255])], null).Scale);
        var deep = InputSpec.Of([new Image(1, 2, 2, [0, 10, 200, 4095])], 8);
        Assert.Equal((1f / 4095, 8, 8), (deep.Scale, deep.Height, deep.Width));
    }

    public static TheoryData<float[]?, float[]?, string> BadNormalizations() => new()
    {
        { [0.5f], null, "set both the normalisation mean and std, or neither" },
        { [0.5f, 0.5f], [1f, 1f], "needs one mean and one std per input channel (1), got 2 and 2" },
        { [0.5f], [0f], "every mean must be finite and every std a finite number > 0" },
    };

    [Theory]
    [MemberData(nameof(BadNormalizations))]
    public void WithNormalization_Bad_IsAnArgumentError(float[]? mean, float[]? std, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new InputSpec(1, 8, 8, 1f, null).WithNormalization(mean, std));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_NormalisedInputWithAnOldFormatVersion_IsABundleError_NamingTheField()
    {
        var manifest = new BundleManifest
        {
            Name = "m",
            Kind = "cnn",
            Architecture = "seed-cnn",
            Input = new InputSpec(1, 60, 60, 1f / 255, null).WithNormalization([0.5f], [0.25f]),
            ClassNames = ["a", "b"],
            Threshold = 0.5,
            Training = new TrainingSpec("single split", 1, 1),
            DataSha256 = "0",
            Seed = 0,
            MedvisionVersion = "0.1.0",
        };
        var json = manifest.ToJson();
        Assert.Equal(manifest.Input.Mean, BundleManifest.Read(json, "model.json").Input.Mean);

        var e = Assert.Throws<BundleFormatException>(() => BundleManifest.Read(json.Replace("\"format_version\": 3", "\"format_version\": 1", StringComparison.Ordinal), "model.json"));
        Assert.Contains("input.mean", e.Message, StringComparison.Ordinal);
        var std = Assert.Throws<BundleFormatException>(() => BundleManifest.Read(json.Replace("0.25", "-1", StringComparison.Ordinal), "model.json"));
        Assert.Contains("input.std", std.Message, StringComparison.Ordinal);
    }
}
