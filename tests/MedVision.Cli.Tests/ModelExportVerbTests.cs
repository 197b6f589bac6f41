using System.Globalization;
using System.Text.Json;
using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static MedVision.Cli.Tests.CliRunner;
using Tensor = MedVision.Tensors.Tensor;

namespace MedVision.Cli.Tests;

/// <summary>A phantom study with a seed-cnn (one epoch at 32×32) and a wavelet pipeline, both bundled from the refit.</summary>
public sealed class ExportStudyFixture : IDisposable
{
    public ExportStudyFixture()
    {
        Root = Directory.CreateTempSubdirectory("mv-export-").FullName;
        var config = new ExperimentConfig
        {
            PhantomRegionsPerClass = 6,
            Protocol = new ProtocolConfig { Folds = 3 },
            Models = [new ModelConfig { Name = "seed-cnn", Epochs = 1, InputSize = 32 }, new ModelConfig { Name = "wavelet-nb" }],
            Evaluation = new EvaluationConfig { Bootstrap = 0 },
            Latex = false,
        };
        Outcome = new ExperimentRunner(config).Run();
        ExperimentWriter.Write(Outcome, Root);
    }

    public string Root { get; }

    public ExperimentOutcome Outcome { get; }

    public string Bundle(string name) => Path.Combine(Root, "models", name);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed class ModelExportVerbTests(ExportStudyFixture study) : IClassFixture<ExportStudyFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mv-export-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static float[] OnnxRun(string model, float[] x, int[] shape)
    {
        using var session = new InferenceSession(model);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x, shape))]);
        return results.Single(r => r.Name == "logits").AsTensor<float>().ToArray();
    }

    private static float[] Forward(Nn.Module network, float[] x, int[] shape)
    {
        using var noGrad = GradMode.NoGrad();
        return network.Forward(Tensor.From(x, shape)).ToArray();
    }

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (u, v) => Math.Abs((double)u - v)).Max();
    }

    [Fact]
    public void CnnBundle_ExportedModel_GivesTheBundlesLogits_AndItsMetadataReproducesTheScores()
    {
        var onnx = Path.Combine(_dir, "seed-cnn.onnx");
        var (code, _, error) = Run("model", "export", "--model", study.Bundle("seed-cnn"), "--out", onnx);
        Assert.True(code == ExitCodes.Success, error);

        var bundle = ModelBundle.Load(study.Bundle("seed-cnn"));
        using var session = new InferenceSession(onnx);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("seed-cnn", metadata["architecture"]);
        Assert.Equal("1x32x32", metadata["input_size"]);
        Assert.Equal(bundle.Manifest.ClassNames, JsonSerializer.Deserialize<string[]>(metadata["class_names"]));
        Assert.Equal(bundle.Manifest.Threshold, double.Parse(metadata["threshold"], CultureInfo.InvariantCulture));
        var scale = float.Parse(metadata["input_scale"], CultureInfo.InvariantCulture);
        Assert.Equal(1f / 255, scale);

        // Logits: ONNX Runtime against the bundle's own network on a seeded random batch.
        int[] shape = [2, 1, 32, 32];
        var x = new float[2 * 32 * 32];
        new Generator(9).FillUniform(x, 0f, 1f);
        var difference = MaxAbsDifference(Forward(bundle.Network!, x, shape), OnnxRun(onnx, x, shape));
        Assert.True(difference <= 1e-4, $"logits differ by {difference:E3}");

        // Scores: prepared images × input_scale through ONNX Runtime, then the sigmoid, give the bundle's probabilities.
        var images = study.Outcome.Store.Images.Take(2).Select(bundle.Prepare).ToList();
        var pixels = images.SelectMany(i => i.Data.ToArray()).Select(v => v * scale).ToArray();
        var scores = OnnxRun(onnx, pixels, shape).Select(z => 1 / (1 + Math.Exp(-z))).ToArray();
        var expected = bundle.PredictPrepared(images);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(expected[i], scores[i], 1e-5);
        }
    }

    [Fact]
    public void FeatureBundle_IsAUsageError()
    {
        var (code, _, error) = Run("model", "export", "--model", study.Bundle("wavelet-nb"), "--out", Path.Combine(_dir, "x.onnx"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("feature pipeline", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "x.onnx")));
    }

    [Fact]
    public void Arch_WithSafetensorsWeights_GivesTheLibrarysLogits()
    {
        var model = ModelZoo.Create("patch-cnn", 1, 20, 20, outputs: 3, seed: 4);
        model.Eval();
        var weights = Path.Combine(_dir, "w.safetensors");
        SafeTensors.Write(weights, model.StateDict());
        var onnx = Path.Combine(_dir, "sub", "patch.onnx");

        var (code, _, error) = Run("model", "export", "--arch", "patch-cnn", "--input", "1x20x20", "--weights", weights, "--out", onnx);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("3 logits", error, StringComparison.Ordinal);
        int[] shape = [2, 1, 20, 20];
        var x = new float[2 * 20 * 20];
        new Generator(1).FillUniform(x, -1f, 1f);
        Assert.True(MaxAbsDifference(Forward(model, x, shape), OnnxRun(onnx, x, shape)) <= 1e-4);
    }

    [Theory]
    [InlineData(new[] { "--out", "m.onnx" }, "give --arch NAME")]
    [InlineData(new[] { "--arch", "lenet", "--out", "m.onnx" }, "unknown architecture 'lenet'")]
    [InlineData(new[] { "--arch", "seed-cnn", "--input", "1x4x4", "--out", "m.onnx" }, "seed-cnn cannot take a 1x4x4 input")]
    [InlineData(new[] { "--model", "anywhere", "--arch", "seed-cnn", "--out", "m.onnx" }, "do not combine it with --arch")]
    public void BadArguments_AreUsageErrors(string[] args, string message)
    {
        var (code, _, error) = Run(["model", "export", .. args]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void PatchBundle_ExportsThePatchClassifier_WithThePatchPositionsAndVote()
    {
        // seeds/002 in miniature: fixed Train/Val/Test folders of 24×24 images, a patch-cnn on 16×16 patches.
        var data = Path.Combine(_dir, "fixed");
        foreach (var (split, seed) in new[] { ("Train", 1), ("Val", 2), ("Test", 3) })
        {
            foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 3, PatchesPerRegion = 2, Size = 24, Seed = seed }))
            {
                var folder = Directory.CreateDirectory(Path.Combine(data, split, MicrocalcificationPhantom.ClassNames[sample.Label])).FullName;
                ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
            }
        }

        var config = new ExperimentConfig
        {
            Data = data,
            Protocol = new ProtocolConfig { Kind = "fixed" },
            Models = [new ModelConfig { Name = "patch-cnn", Epochs = 1, BatchSize = 8, PatchSize = 16, PatchesPerImage = 3, Vote = "mean" }],
            Evaluation = new EvaluationConfig { Bootstrap = 0 },
            Latex = false,
        };
        var studyFolder = Path.Combine(_dir, "study");
        ExperimentWriter.Write(new ExperimentRunner(config).Run(), studyFolder);
        var bundlePath = Path.Combine(studyFolder, "models", "patch-cnn");
        var onnx = Path.Combine(_dir, "patch.onnx");

        var (code, _, error) = Run("model", "export", "--model", bundlePath, "--out", onnx);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("patch classifier", error, StringComparison.Ordinal);
        var bundle = ModelBundle.Load(bundlePath);
        using var session = new InferenceSession(onnx);
        Assert.Equal([-1, 1, 16, 16], session.InputMetadata["input"].Dimensions);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("16", metadata["patch_size"]);
        Assert.Equal("mean", metadata["patch_vote"]);
        Assert.Equal(bundle.Manifest.Patch!.TestOffsets.Select(o => new[] { o.Top, o.Left }), JsonSerializer.Deserialize<int[][]>(metadata["patch_test_offsets"]));
        Assert.Contains("patch classifier", session.ModelMetadata.Description, StringComparison.Ordinal);
        int[] shape = [2, 1, 16, 16];
        var x = new float[2 * 16 * 16];
        new Generator(5).FillUniform(x, 0f, 1f);
        Assert.True(MaxAbsDifference(Forward(bundle.Network!, x, shape), OnnxRun(onnx, x, shape)) <= 1e-4);
    }
}
