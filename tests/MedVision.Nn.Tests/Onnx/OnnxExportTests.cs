using System.Globalization;
using MedVision.Nn.Onnx;
using MedVision.Nn.Zoo;
using MedVision.Tensors;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using static MedVision.Nn.Tests.Onnx.OnnxReference;

namespace MedVision.Nn.Tests.Onnx;

/// <summary>
/// Every zoo network and every layer, exported to ONNX and run in ONNX Runtime, gives our evaluation-mode logits.
/// Networks get random weights from a seed and batch norms random running statistics and affine parameters, so
/// that batch norm is really exercised.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    /// <summary>
    /// The smallest inputs the designs allow, to keep the suite short (VGG-sized classifiers stay, the activations
    /// shrink); an architecture not listed is tested at its design input.
    /// </summary>
    private static readonly Dictionary<string, (int C, int H, int W)> SmallInputs = new(StringComparer.Ordinal)
    {
        ["seed-cnn"] = (1, 32, 32),
        ["nodule-cnn"] = (1, 24, 24),
        ["mri-cnn"] = (1, 190, 190),
        ["patch-cnn"] = (1, 16, 16),
        ["alexnet"] = (3, 63, 63),
        ["resnet18-small"] = (3, 16, 16),
        ["vgg11"] = (3, 32, 32),
        ["vgg13"] = (3, 32, 32),
        ["vgg16"] = (3, 32, 32),
        ["vgg19"] = (3, 32, 32),
        ["vgg11-bn"] = (3, 32, 32),
        ["vgg13-bn"] = (3, 32, 32),
        ["vgg16-bn"] = (3, 32, 32),
        ["vgg19-bn"] = (3, 32, 32),
        ["resnet18"] = (3, 32, 32),
        ["resnet34"] = (3, 32, 32),
        ["resnet50"] = (3, 32, 32),
        ["resnet101"] = (3, 32, 32),
        // Model 1 pools each block globally; model 2's 2×2 branch pool needs block 5 to be at least 2×2.
        ["vgg16-fusion1"] = (3, 32, 32),
        ["vgg19-fusion1"] = (3, 32, 32),
        ["vgg16-fusion2"] = (3, 64, 64),
        ["vgg19-fusion2"] = (3, 64, 64),
    };

    public static TheoryData<string> ZooNames() => [.. ModelZoo.All.Select(e => e.Name)];

    /// <summary>A zoo network with two outputs, seeded weights and non-trivial batch-norm statistics, in eval mode.</summary>
    private static Module Network(string name, (int C, int H, int W) input)
    {
        var model = ModelZoo.Create(name, new ModelSpec { InChannels = input.C, Height = input.H, Width = input.W, Outputs = 2, Seed = 7 });
        RandomizeBatchNorms(model, new Generator(11));
        model.Eval();
        return model;
    }

    private static void RandomizeBatchNorms(Module model, Generator g)
    {
        foreach (var b in model.NamedModules().Select(m => m.Value).OfType<BatchNorm>())
        {
            g.FillUniform(b.RunningMean!.Data, -0.5f, 0.5f);
            g.FillUniform(b.RunningVar!.Data, 0.5f, 2f);
            // γ below 1 keeps the 33 residual additions of ResNet-101 from growing the logits past float32's 1e-4 resolution.
            g.FillUniform(b.Weight!.Data, 0.25f, 0.75f);
            g.FillUniform(b.Bias!.Data, -0.25f, 0.25f);
        }
    }

    /// <summary>Exports, runs both on the same seeded batch of two, and returns the largest absolute difference.</summary>
    private double ExportAndCompare(string what, Module model, (int C, int H, int W) input, OnnxExportOptions? options = null)
    {
        int[] shape = [2, input.C, input.H, input.W];
        var x = new float[2 * input.C * input.H * input.W];
        new Generator(3).FillUniform(x, -1f, 1f);
        var (expected, expectedShape) = Forward(model, x, shape);
        var bytes = OnnxExport.ToBytes(model, input.C, input.H, input.W, options);
        var (actual, actualShape) = Run(bytes, x, shape);
        Assert.Equal(expectedShape, actualShape);
        var difference = MaxAbsDifference(expected, actual);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what} at {input.C}x{input.H}x{input.W}: max |ours − ORT| = {difference:E2} (max |logit| {expected.Max(Math.Abs):G4}, {bytes.Length / 1e6:F1} MB)"));
        Assert.True(difference <= Tolerance, $"{what}: logits differ from ONNX Runtime's by {difference:E3}");
        return difference;
    }

    [Theory]
    [MemberData(nameof(ZooNames))]
    public void ZooNetwork_OnnxRuntimeGivesOurLogits(string name)
    {
        var input = SmallInputs.TryGetValue(name, out var small) ? small : ModelZoo.Get(name).DefaultInput;
        ExportAndCompare(name, Network(name, input), input);
    }

    [Theory]
    [InlineData("seed-cnn")]
    [InlineData("resnet18")]
    [InlineData("vgg16-fusion1")]
    public void ZooNetwork_AtItsDesignInput_OnnxRuntimeGivesOurLogits(string name)
    {
        var input = ModelZoo.Get(name).DefaultInput;
        ExportAndCompare(name, Network(name, input), input);
    }

    public static TheoryData<string> LayerCases() => [.. Layers.Keys];

    /// <summary>Layers and settings the zoo does not use (or uses only in one form), each in a small stack on a 3×9×9 input.</summary>
    private static readonly Dictionary<string, Func<Module>> Layers = new(StringComparer.Ordinal)
    {
        ["conv stride 2, dilation 2, groups 3"] = () => new Sequential(new Conv2d(3, 6, 3, stride: 2, padding: 2, dilation: 2, groups: 3)),
        ["max-pool ceil mode"] = () => new Sequential(new MaxPool2d(2, ceilMode: true)),
        ["max-pool 3/2 padding 1 ceil mode"] = () => new Sequential(new MaxPool2d(3, 2, 1, ceilMode: true)),
        ["avg-pool padding, count_include_pad"] = () => new Sequential(new AvgPool2d(3, 2, 1)),
        ["avg-pool padding, excluding pad"] = () => new Sequential(new AvgPool2d(3, 2, 1, countIncludePad: false)),
        ["adaptive avg-pool 4x2 (unequal windows)"] = () => new Sequential(new AdaptiveAvgPool2d(4, 2)),
        ["adaptive avg-pool 3x3 (equal windows)"] = () => new Sequential(new AdaptiveAvgPool2d(3)),
        ["flatten 2..3, linear on (N, C, L)"] = () => new Sequential(new Flatten(2, 3), new Linear(81, 4)),
        ["flatten 1..2"] = () => new Sequential(new Flatten(1, 2)),
        // Regression: ONNX Flatten(axis 2) would also merge N and C, giving (N·C, H·W) instead of (N, C, H·W).
        ["flatten 2..3"] = () => new Sequential(new Flatten(2)),
        ["flatten 0..3"] = () => new Sequential(new Flatten(0)),
        ["batch norm 1d on (N, C), non-affine 2d"] = () => new Sequential(new BatchNorm2d(3, affine: false), new Flatten(), new BatchNorm1d(243)),
        ["activations"] = () => new Sequential(new LeakyReLU(0.2), new Conv2d(3, 3, 1), new ELU(0.7), new Conv2d(3, 3, 1), new Tanh(), new Conv2d(3, 3, 1), new Sigmoid()),
        ["softmax over channels"] = () => new Sequential(new Conv2d(3, 4, 3), new Softmax(1)),
        ["linear without bias, identity, dropout"] = () => new Sequential(new Identity(), new Flatten(), new Dropout(0.5), new Linear(243, 5, bias: false)),
        ["identity only"] = () => new Sequential(new Identity()),
    };

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void Layer_OnnxRuntimeGivesOurOutput(string name)
    {
        Module.ManualSeed(5);
        var model = Layers[name]();
        foreach (var b in model.NamedModules().Select(m => m.Value).OfType<BatchNorm>())
        {
            var g = new Generator(13);
            g.FillUniform(b.RunningMean!.Data, -0.5f, 0.5f);
            g.FillUniform(b.RunningVar!.Data, 0.5f, 2f);
        }

        ExportAndCompare(name, model, (3, 9, 9));
    }

    [Fact]
    public void Export_NamesInitializersAfterTheStateDict_AndRecordsOpsetIoAndMetadata()
    {
        var model = Network("patch-cnn", (1, 16, 16));
        var bytes = OnnxExport.ToBytes(model, 1, 16, 16, new OnnxExportOptions
        {
            Architecture = "patch-cnn",
            Metadata = [new("class_names", "[\"normal\",\"lesion\"]")],
        });

        var (ir, opset, initializers) = Fields(bytes);
        Assert.Equal(8, ir);
        Assert.Equal(17, opset);
        // Every parameter and running statistic by its own name; the batch counter is training state only.
        var expected = model.StateDict().Names.Where(n => !n.EndsWith("num_batches_tracked", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, initializers.Order(StringComparer.Ordinal));

        using var session = new InferenceSession(bytes);
        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("input", input.Key);
        Assert.Equal([-1, 1, 16, 16], input.Value.Dimensions);
        Assert.Equal("N", input.Value.SymbolicDimensions[0]);
        var logits = Assert.Single(session.OutputMetadata);
        Assert.Equal("logits", logits.Key);
        Assert.Equal([-1, 2], logits.Value.Dimensions);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("patch-cnn", metadata["architecture"]);
        Assert.Equal("1x16x16", metadata["input_size"]);
        Assert.Equal("2", metadata["outputs"]);
        Assert.Equal("[\"normal\",\"lesion\"]", metadata["class_names"]);
        Assert.Contains("patch-cnn", session.ModelMetadata.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_LeavesTrainingFlagsAsTheyWere()
    {
        var model = ModelZoo.Create("patch-cnn", 1, 16, 16);
        model.GetSubmodule("1").Eval();

        OnnxExport.ToBytes(model, 1, 16, 16);

        Assert.True(model.Training);
        Assert.False(model.GetSubmodule("1").Training);
        Assert.True(model.GetSubmodule("5").Training);
    }

    private sealed class Doubler : Module
    {
        protected override Tensor ForwardCore(Tensor input) => Ops.Add(input, input);
    }

    [Fact]
    public void UnsupportedModule_IsTypedError_NamingItsPathAndType()
    {
        var model = new Sequential(new Conv2d(1, 2, 3), new Sequential(new ReLU(), new Doubler()), new Flatten());

        var e = Assert.Throws<OnnxUnsupportedModuleException>(() => OnnxExport.ToBytes(model, 1, 8, 8));

        Assert.Equal("1.1", e.ModulePath);
        Assert.Equal(typeof(Doubler), e.ModuleType);
        Assert.Contains("'1.1' (Doubler)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchNormWithoutRunningStatistics_IsTypedError()
    {
        var model = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2, trackRunningStats: false));

        var e = Assert.Throws<OnnxUnsupportedModuleException>(() => OnnxExport.ToBytes(model, 1, 8, 8));

        Assert.Equal("1", e.ModulePath);
        Assert.Contains("running statistics", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InputTooSmallForTheNetwork_FailsBeforeWritingAnything()
    {
        var model = ModelZoo.Create("seed-cnn", 1, 32, 32);

        Assert.ThrowsAny<ArgumentException>(() => OnnxExport.ToBytes(model, 1, 8, 8));
    }
}
