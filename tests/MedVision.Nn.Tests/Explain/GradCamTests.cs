using MedVision.Nn.Explain;
using MedVision.Nn.Tests.Support;
using MedVision.Tensors;

namespace MedVision.Nn.Tests.Explain;

public sealed class GradCamTests
{
    private static (Module Model, Tensor Input, MedVision.Nn.Weights.WeightDict Fixture) Load()
    {
        var fixture = Parity.Load("gradcam", "gradcam.safetensors");
        var model = new Sequential(
            new Conv2d(1, 4, 3, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(4, 6, 3, padding: 1), new ReLU(),
            new Flatten(), new Linear(6 * 6 * 6, 1));
        var weights = new MedVision.Nn.Weights.WeightDict();
        foreach (var name in fixture.Names.Where(n => n.EndsWith(".weight", StringComparison.Ordinal) || n.EndsWith(".bias", StringComparison.Ordinal)))
        {
            weights.Add(name, fixture[name]);
        }

        model.LoadStateDict(weights);
        model.Eval();
        return (model, Parity.ToTensor(fixture["input"]), fixture);
    }

    [Theory]
    [InlineData(null, "cam.3")]
    [InlineData("0", "cam.0")]
    public void Cam_MatchesPytorchGradCam(string? layer, string expected)
    {
        var (model, input, fixture) = Load();
        var result = GradCam.Compute(model, input, new GradCamOptions { Layer = layer });

        Assert.Equal(layer ?? "3", result.Layer);
        Parity.AssertClose(fixture["logits"], result.Logits, "logits");
        Parity.AssertClose(fixture[expected], result.Cam, expected, rtol: 0, atol: 1e-4);
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void Cam_IsNormalisedPerImage()
    {
        var (model, input, _) = Load();
        var cam = GradCam.Compute(model, input).Cam;
        for (var i = 0; i < 3; i++)
        {
            var plane = cam.Data.Slice(i * 144, 144).ToArray();
            Assert.InRange(plane.Min(), 0f, 1e-6f);
            Assert.InRange(plane.Max(), 0.99f, 1f);
        }
    }

    [Fact]
    public void UnknownLayer_IsAnErrorNamingIt()
    {
        var (model, input, _) = Load();
        var error = Assert.Throws<ArgumentException>(() => GradCam.Compute(model, input, new GradCamOptions { Layer = "7" }));
        Assert.Contains("'7'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradCam.Compute(model, input, new GradCamOptions { OutputIndex = 1 }));
    }

    [Fact]
    public void ModelLayers_FindConvolutionsFiltersAndPenultimateFeatures()
    {
        var (model, input, _) = Load();
        Assert.Equal("0", ModelLayers.FirstConvolution(model));
        Assert.Equal("3", ModelLayers.LastConvolution(model));
        Assert.Equal([4, 1, 3, 3], ModelLayers.FirstLayerFilters(model).ShapeArray());
        Assert.Equal([3, 6, 6, 6], ModelLayers.Activations(model, input, "4").ShapeArray());

        // The penultimate features are what the head sees: Linear(features) reproduces the logits.
        var features = ModelLayers.Penultimate(model, input);
        Assert.Equal([3, 216], features.ShapeArray());
        var head = (Linear)model.GetSubmodule("6");
        Parity.AssertClose(model.Forward(input).Data, head.Forward(features).Data, "head(penultimate)");
    }
}
