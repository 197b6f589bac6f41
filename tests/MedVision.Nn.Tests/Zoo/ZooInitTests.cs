using MedVision.Nn.Zoo;

namespace MedVision.Nn.Tests.Zoo;

public class ZooInitTests
{
    private static Module Build(ZooInit init, ulong seed = 4) =>
        ModelZoo.Create("resnet18-small", new ModelSpec { InChannels = 1, Height = 28, Width = 28, Outputs = 2, Seed = seed, Init = init });

    private static (double MaxAbs, double Std) Stats(ReadOnlySpan<float> values)
    {
        double sum = 0, squares = 0, max = 0;
        foreach (var v in values)
        {
            sum += v;
            squares += (double)v * v;
            max = Math.Max(max, Math.Abs(v));
        }

        var mean = sum / values.Length;
        return (max, Math.Sqrt((squares / values.Length) - (mean * mean)));
    }

    /// <summary>
    /// PyTorch's <c>Conv2d.reset_parameters</c>: Kaiming-uniform with a = √5, i.e. U(±1/√fan_in), standard deviation
    /// 1/√(3·fan_in); torchvision's ResNet init instead draws N(0, 2/fan_out) (<c>kaiming_normal_(mode="fan_out")</c>).
    /// </summary>
    [Theory]
    [InlineData("layer1.0.conv1.weight", 64 * 9, 64 * 9)]
    [InlineData("layer3.1.conv2.weight", 256 * 9, 256 * 9)]
    [InlineData("layer4.0.downsample.0.weight", 256, 512)]
    public void LayerDefaults_DrawConvolutionsAsPyTorchsLayers_ReferenceAsTorchvision(string name, int fanIn, int fanOut)
    {
        var defaults = Build(ZooInit.LayerDefaults).StateDict()[name].Values;
        var reference = Build(ZooInit.Reference).StateDict()[name].Values;

        var bound = 1 / Math.Sqrt(fanIn);
        var (max, std) = Stats(defaults);
        Assert.InRange(max, 0.95 * bound, bound);
        Assert.InRange(std, 0.95 * bound / Math.Sqrt(3), 1.05 * bound / Math.Sqrt(3));
        var (_, referenceStd) = Stats(reference);
        Assert.InRange(referenceStd, 0.95 * Math.Sqrt(2.0 / fanOut), 1.05 * Math.Sqrt(2.0 / fanOut));
    }

    [Fact]
    public void LayerDefaults_AreSeeded_AndLeaveBatchNormAtOneAndZero()
    {
        var first = Build(ZooInit.LayerDefaults).StateDict();
        var again = Build(ZooInit.LayerDefaults).StateDict();
        var other = Build(ZooInit.LayerDefaults, seed: 5).StateDict();

        foreach (var (name, w) in first)
        {
            Assert.Equal(w.Values, again[name].Values);
        }

        Assert.NotEqual(first["conv1.weight"].Values, other["conv1.weight"].Values);
        Assert.All(first["layer2.1.bn2.weight"].Values, v => Assert.Equal(1f, v));
        Assert.All(first["layer2.1.bn2.bias"].Values, v => Assert.Equal(0f, v));
        var fcBound = 1 / Math.Sqrt(512);
        Assert.All(first["fc.bias"].Values, v => Assert.InRange(Math.Abs(v), 0, fcBound));
    }
}
