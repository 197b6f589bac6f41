using Google.Protobuf;
using MedVision.Imaging.Io;
using MedVision.Nn.Onnx;
using MedVision.Nn.Tests.Support;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;
using MedVision.Testing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using Tensor = MedVision.Tensors.Tensor;

namespace MedVision.Nn.Tests.Onnx;

public sealed class OnnxImportTests(ITestOutputHelper output)
{
    private static readonly string[] Photos = ["chelsea", "coffee", "astronaut"];

    /// <summary>
    /// The bar: ML.NET's ImageNet ResNet-18 imported into resnet18-mlnet, with the package's preprocessing reproduced,
    /// gives ONNX Runtime's 512-d features (ResNetPreprocess.onnx then ResNet18.onnx) on three photographs.
    /// </summary>
    [ImageNetResNet18Fact]
    public void MlNetResNet18_WithItsPreprocessing_GivesOnnxRuntimesFeatures()
    {
        var files = ImageNetResNet18Files.Locate();
        var result = OnnxImport.Import(files.Model);
        Assert.Equal([2, 2, 2, 3], result.Blocks);
        Assert.False(result.HasHead);
        Assert.False(result.FoldedBatchNorm);
        Assert.Contains("512-d pooled features, no fc (head left at its initialisation)", result.Holds, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.Contains("multiples of 32", StringComparison.Ordinal));
        Assert.Equal(22 * 5, result.Mapped.Count);

        var entry = ModelZoo.Get("resnet18-mlnet");
        var model = (ResNet)entry.Build(new ModelSpec());
        Transfer.LoadPretrained(model, entry, result.Weights);
        model.Eval();
        var preprocess = MeanImagePreprocess.Read(files.Preprocess);
        Assert.Equal([2, 1, 0], preprocess.ChannelOrder);

        var pixels = Photos.SelectMany(p => PngReader.Read(RepoPaths.Fixture("nn", "onnx", $"{p}.png")).Data).ToArray();
        Assert.Equal(3 * 3 * 224 * 224, pixels.Length);
        float[] ours;
        float[] ourInput;
        using (GradMode.NoGrad())
        {
            var x = preprocess.Apply(Tensor.From(pixels, 3, 3, 224, 224));
            ourInput = x.ToArray();
            var features = model.Features(x);
            Assert.Equal([3, 512], features.ShapeArray());
            ours = features.ToArray();
        }

        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var prepSession = new InferenceSession(files.Preprocess, options);
        using var netSession = new InferenceSession(files.Model, options);
        double maxAbs = 0, maxRel = 0, maxFeature = 0, maxInput = 0;
        for (var i = 0; i < Photos.Length; i++)
        {
            var image = new DenseTensor<float>(pixels.AsMemory(i * 3 * 224 * 224, 3 * 224 * 224), [1, 3, 224, 224]);
            using var prepared = prepSession.Run([NamedOnnxValue.CreateFromTensor("OriginalInput", image)]);
            var input = prepared[0].AsTensor<float>().ToDenseTensor();
            for (var k = 0; k < input.Length; k++)
            {
                maxInput = Math.Max(maxInput, Math.Abs(input.Buffer.Span[k] - ourInput[(i * 3 * 224 * 224) + k]));
            }

            using var features = netSession.Run([NamedOnnxValue.CreateFromTensor("Input247", input)]);
            var expected = features[0].AsEnumerable<float>().ToArray();
            Assert.Equal(512, expected.Length);
            for (var k = 0; k < 512; k++)
            {
                var e = expected[k];
                var diff = Math.Abs(ours[(i * 512) + k] - e);
                maxAbs = Math.Max(maxAbs, diff);
                maxRel = Math.Max(maxRel, diff / Math.Max(Math.Abs(e), 1e-3));
                maxFeature = Math.Max(maxFeature, Math.Abs(e));
            }
        }

        output.WriteLine($"preprocessing max |diff| {maxInput:G3}; features max |diff| {maxAbs:G3}, max relative {maxRel:G3}, largest feature {maxFeature:G4}");
        Assert.True(maxInput <= 1e-4, $"preprocessed input differs from ONNX Runtime's by {maxInput}");
        Assert.True(maxFeature > 1, $"features are degenerate (largest {maxFeature})");
        Assert.True(maxAbs <= 1e-4, $"features differ from ONNX Runtime's by {maxAbs} (relative {maxRel})");
    }

    [ImageNetResNet18Fact]
    public void MlNetResNet18_IntoTorchvisionResnet18_IsFormatErrorWithBothBlockLists()
    {
        var path = ImageNetResNet18Files.Locate().Model;

        var e = Assert.Throws<OnnxFormatException>(() => OnnxImport.Import(path, "resnet18"));

        Assert.Equal(path, e.FileName);
        Assert.Contains("[2, 2, 2, 3] basic blocks per stage, which does not fit resnet18 ([2, 2, 2, 2])", e.Message, StringComparison.Ordinal);
        Assert.Contains("layer4.2.conv1.weight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchNormGraph_WithShortEndPads_MapsEveryWeightByName()
    {
        var model = ModelZoo.Create("resnet18", 3, 224, 224, outputs: 10, seed: 3);
        var state = OnnxGraphs.RandomizedState(model, 4);
        var onnx = OnnxReader.Read(OnnxGraphs.ResNet(state, new(ShortEndPads: true)).ToByteArray(), "graph.onnx");

        var result = OnnxImport.Import(onnx, ModelZoo.Get("resnet18"));

        Assert.Equal([2, 2, 2, 2], result.Blocks);
        Assert.True(result.HasHead);
        Assert.False(result.FoldedBatchNorm);
        Assert.Equal(state.Names, result.Weights.Names);
        foreach (var (name, w) in state)
        {
            Assert.Equal(w.Shape, result.Weights[name].Shape);
            Assert.True(w.Values.AsSpan().SequenceEqual(result.Weights[name].Values), $"{name} differs");
        }

        Assert.Contains(result.Mapped, m => m.Parameter == "layer2.0.downsample.1.running_var" && m.From.Contains("var", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("conv1, maxpool, layer2.0.conv1, layer2.0.downsample.0", StringComparison.Ordinal));
        Assert.Contains("fc 10×512", result.Holds, StringComparison.Ordinal);
    }

    /// <summary>
    /// A torchvision-style export (batch norm folded into conv biases, Flatten → Gemm) is unfolded into identity batch
    /// norms; the imported network gives ONNX Runtime's logits on the folded graph.
    /// </summary>
    [Fact]
    public void FoldedGraph_IsUnfolded_AndGivesOnnxRuntimesLogits()
    {
        var original = ModelZoo.Create("resnet18", 3, 64, 64, outputs: 5, seed: 5);
        var bytes = OnnxGraphs.ResNet(OnnxGraphs.RandomizedState(original, 6), new(Folded: true)).ToByteArray();
        var result = OnnxImport.Import(OnnxReader.Read(bytes, "folded.onnx"), ModelZoo.Get("resnet18"));
        Assert.True(result.FoldedBatchNorm);
        Assert.All(result.Weights["layer3.1.bn2.weight"].Values, v => Assert.Equal(1f, v));
        Assert.All(result.Weights["layer3.1.bn2.running_mean"].Values, v => Assert.Equal(0f, v));
        Assert.All(result.Weights["layer3.1.bn2.running_var"].Values, v => Assert.Equal(1f - 1e-5f, v));

        var model = ModelZoo.Create("resnet18", 3, 64, 64, outputs: 5, seed: 7);
        model.LoadStateDict(result.Weights);
        model.Eval();
        var x = Tensor.Randn(new Generator(8), 2, 3, 64, 64);
        float[] ours;
        using (GradMode.NoGrad())
        {
            ours = model.Forward(x).ToArray();
        }

        using var session = new InferenceSession(bytes);
        using var run = session.Run([NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(x.ToArray().AsMemory(), [2, 3, 64, 64]))]);
        Parity.AssertClose(run[0].AsEnumerable<float>().ToArray(), ours, "logits of the unfolded network", 1e-4, 1e-4);
    }

    /// <summary>A real <c>torch.onnx.export</c> of torchvision's resnet18 (folded batch norm, Identity-shared biases, Gemm fc).</summary>
    [TorchFact]
    public void TorchvisionExport_GivesPyTorchsLogits()
    {
        var dir = Directory.CreateTempSubdirectory("medvision-resnet18-onnx-");
        try
        {
            var script = Path.Combine(RepoPaths.Root, "tests", "fixtures", "scripts", "nn_resnet18_onnx.py");
            using (var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(TorchFactAttribute.Python, $"\"{script}\" \"{dir.FullName}\"") { RedirectStandardError = true }))
            {
                var error = p!.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, error);
            }

            var path = Path.Combine(dir.FullName, "resnet18.onnx");
            var onnx = OnnxReader.Read(path);
            Assert.Contains(onnx.Graph.Nodes, n => n.OpType == "Identity");
            var result = OnnxImport.Import(onnx, ModelZoo.Get("resnet18"));
            Assert.True(result.FoldedBatchNorm && result.HasHead);
            Assert.Contains("fc 1000×512", result.Holds, StringComparison.Ordinal);

            var model = ModelZoo.Create("resnet18", 3, 64, 64, outputs: 1000);
            model.LoadStateDict(result.Weights);
            model.Eval();
            var x = NpyFixture.Load(Path.Combine(dir.FullName, "x.npy"));
            var expected = NpyFixture.Load(Path.Combine(dir.FullName, "logits.npy"));
            using (GradMode.NoGrad())
            {
                Parity.AssertClose(expected.AsFloat(), model.Forward(Tensor.From(x.AsFloat(), x.Shape)).Data, "resnet18 logits from ONNX", 1e-3, 1e-4);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ShapeMismatch_IsFormatErrorNamingFileAndParameter()
    {
        var state = OnnxGraphs.RandomizedState(ModelZoo.Create("resnet18", 3, 224, 224, outputs: 2), 1);
        var narrow = new WeightDict();
        foreach (var (name, w) in state)
        {
            narrow.Add(name, name.StartsWith("bn1.", StringComparison.Ordinal) && w.Shape.Length == 1 ? new WeightTensor([32], w.Values[..32]) : w);
        }

        var onnx = OnnxReader.Read(OnnxGraphs.ResNet(narrow, new()).ToByteArray(), "narrow.onnx");

        var e = Assert.Throws<OnnxFormatException>(() => OnnxImport.Import(onnx, ModelZoo.Get("resnet18")));
        Assert.Equal("narrow.onnx", e.FileName);
        Assert.Contains("bn1.weight has shape [64] in resnet18 but", e.Message, StringComparison.Ordinal);
        Assert.Contains("[32]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongKernel_IsFormatErrorNamingTheLayer()
    {
        var state = OnnxGraphs.RandomizedState(ModelZoo.Create("resnet18", 3, 224, 224, outputs: 2), 1);
        var onnx = OnnxReader.Read(OnnxGraphs.ResNet(state, new()).ToByteArray(), "stem.onnx");

        var e = Assert.Throws<OnnxFormatException>(() => OnnxImport.Import(onnx, ModelZoo.Get("resnet18-small")));

        Assert.Contains("does not match conv1 (kernel 3, stride 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherEpsilon_IsFormatError()
    {
        var state = OnnxGraphs.RandomizedState(ModelZoo.Create("resnet18", 3, 224, 224, outputs: 2), 1);
        var onnx = OnnxReader.Read(OnnxGraphs.ResNet(state, new(Epsilon: 1e-3f)).ToByteArray(), "eps.onnx");

        var e = Assert.Throws<OnnxFormatException>(() => OnnxImport.Import(onnx, ModelZoo.Get("resnet18")));

        Assert.Contains("epsilon 0.001; bn1 uses 1E-05", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedOperator_IsFormatErrorListingTheSupportedOnes()
    {
        var onnx = OnnxReader.Read(OnnxGraphs.Tiny([4], [1, 2, 3, 4], "LSTM").ToByteArray(), "lstm.onnx");

        var e = Assert.Throws<OnnxFormatException>(() => OnnxImport.Import(onnx, ModelZoo.Get("resnet18")));

        Assert.Equal("lstm.onnx", e.FileName);
        Assert.Contains("unsupported operators LSTM; a ResNet graph is imported from Conv, BatchNormalization, Relu, Add, MaxPool", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageNetNormalization_IsTorchvisionsNormalize()
    {
        var x = new float[2 * 3 * 2 * 2];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = i / 24f;
        }

        var y = new float[x.Length];
        ImageNetNormalization.Apply(x, y, 2, 2);

        // (x − mean[c]) / std[c]: element 13 is image 1, channel 0, pixel 1.
        Assert.Equal((x[0] - 0.485f) / 0.229f, y[0]);
        Assert.Equal((x[5] - 0.456f) / 0.224f, y[5]);
        Assert.Equal((x[13] - 0.485f) / 0.229f, y[13]);
        Assert.Equal((x[23] - 0.406f) / 0.225f, y[23]);
    }
}
