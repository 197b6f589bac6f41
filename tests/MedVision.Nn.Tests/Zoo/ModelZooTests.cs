using System.Diagnostics;
using System.Text.Json;
using MedVision.Nn.Losses;
using MedVision.Nn.Optim;
using MedVision.Nn.Tests.Support;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Tensors;
using MedVision.Testing;
using static MedVision.Nn.Tests.Support.Parity;

namespace MedVision.Nn.Tests.Zoo;

public sealed class ModelZooTests
{
    private static readonly JsonElement Torchvision =
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("nn", "zoo.json"))).RootElement;

    /// <summary>
    /// Names and shapes of every parameter and buffer equal torchvision's; with <paramref name="prefix"/>, only the
    /// fixture entries under it are compared (the model holds just that part).
    /// </summary>
    private static void AssertSameStateLayout(string fixture, Module model, string prefix = "")
    {
        var expected = Torchvision.GetProperty(fixture);
        var names = model.NamedParameters().Select(p => (p.Key, (Tensor)p.Value)).Concat(model.NamedBuffers().Select(b => (b.Key, b.Value)))
            .ToDictionary(kv => prefix + kv.Key, kv => kv.Item2.ShapeArray());
        var state = expected.GetProperty("state").EnumerateArray().Where(e => e[0].GetString()!.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(state.Count, names.Count);
        foreach (var entry in state)
        {
            var key = entry[0].GetString()!;
            Assert.True(names.TryGetValue(key, out var shape), $"{fixture}: no '{key}'");
            Assert.Equal(entry[1].EnumerateArray().Select(e => e.GetInt32()), shape);
        }

        if (prefix.Length == 0)
        {
            Assert.Equal(expected.GetProperty("parameters").GetInt64(), model.ParameterCount());
        }
    }

    [Fact]
    public void SeedCnn_Has568449Parameters_AndThePeerScriptsNames()
    {
        var model = ModelZoo.Create("seed-cnn", 1, 60, 60);

        Assert.Equal(568_449, model.ParameterCount());
        AssertSameStateLayout("seed-cnn", model);
    }

    [Fact]
    public void PatchCnn_Has60465Parameters_AndTorchsNames()
    {
        var model = ModelZoo.Create("patch-cnn", 1, 72, 72);

        Assert.Equal(60_465, model.ParameterCount());
        AssertSameStateLayout("patch-cnn", model);
    }

    [Fact]
    public void MriCnn_Has109073Parameters()
    {
        Assert.Equal(109_073, ModelZoo.Create("mri-cnn", 3, 331, 331).ParameterCount());
    }

    [Theory]
    [InlineData("alexnet")]
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    [InlineData("resnet50")]
    [InlineData("resnet101")]
    public void TorchvisionModels_HaveTorchvisionNamesShapesAndCounts(string name)
    {
        AssertSameStateLayout(name, ModelZoo.Create(name, 3, 224, 224, outputs: 1000));
    }

    /// <summary>
    /// VGG's classifier alone holds ~120M parameters, so the test builds the convolutional part and checks the
    /// classifier's shapes and the total count arithmetically.
    /// </summary>
    [Theory]
    [InlineData("vgg11", 11, false)]
    [InlineData("vgg13-bn", 13, true)]
    [InlineData("vgg16", 16, false)]
    [InlineData("vgg16-bn", 16, true)]
    [InlineData("vgg19", 19, false)]
    public void Vgg_FeaturesHaveTorchvisionLayout_AndTotalCountMatches(string name, int depth, bool batchNorm)
    {
        var features = Vgg.CreateFeatures(depth, batchNorm, 3, new Generator(0));
        AssertSameStateLayout(name, features, "features.");

        var classifier = (25088L * 4096) + 4096 + (4096L * 4096) + 4096 + (4096L * 1000) + 1000;
        Assert.Equal(Torchvision.GetProperty(name).GetProperty("parameters").GetInt64(), features.ParameterCount() + classifier);
        Assert.Equal(
            ["classifier.0.weight", "classifier.0.bias", "classifier.3.weight", "classifier.3.bias", "classifier.6.weight", "classifier.6.bias"],
            Torchvision.GetProperty(name).GetProperty("state").EnumerateArray().Select(e => e[0].GetString()!).Where(k => k.StartsWith("classifier", StringComparison.Ordinal)));
    }

    public static TheoryData<string, int> SmallInputs => new()
    {
        { "seed-cnn", 60 }, { "nodule-cnn", 50 }, { "mri-cnn", 200 }, { "patch-cnn", 72 },
        { "resnet18", 32 }, { "resnet18-small", 28 }, { "vgg16-fusion1", 32 }, { "vgg19-fusion2", 64 },
    };

    /// <summary>The shared suite over zoo entries: one-channel input, two outputs, forward, backward and save/load.</summary>
    [Theory]
    [MemberData(nameof(SmallInputs))]
    public void Entry_BuildsForOneChannelAndTwoOutputs_TrainsAndRoundTrips(string name, int size)
    {
        var entry = ModelZoo.Get(name);
        var model = ModelZoo.Create(name, 1, size, size, outputs: 2, seed: 3);
        var x = Tensor.Uniform(new Generator(1), 0f, 1f, 2, 1, size, size);

        var y = model.Forward(x);
        Ops.Sum(y).Backward();

        Assert.Equal([2, 2], y.ShapeArray());
        Assert.NotNull(model.NamedParameters().First(p => p.Key == entry.FirstConv).Value.Grad);
        Assert.Equal(1, model.NamedParameters().First(p => p.Key == entry.FirstConv).Value.Shape[1]);
        Assert.Contains(model.NamedParameters(), p => p.Key.StartsWith(entry.Head + ".", StringComparison.Ordinal));

        var again = ModelZoo.Create(name, 1, size, size, outputs: 2, seed: 99);
        var saved = model.StateDict();
        again.LoadStateDict(SafeTensors.Read(SafeTensors.ToBytes(saved)));
        foreach (var (key, value) in again.StateDict())
        {
            Assert.Equal(saved[key].Values, value.Values);
        }
    }

    [Fact]
    public void SameSeed_SameWeights()
    {
        var a = ModelZoo.Create("seed-cnn", 1, 60, 60, seed: 5).StateDict();
        var b = ModelZoo.Create("seed-cnn", 1, 60, 60, seed: 5).StateDict();
        var c = ModelZoo.Create("seed-cnn", 1, 60, 60, seed: 6).StateDict();

        Assert.Equal(a["0.weight"].Values, b["0.weight"].Values);
        Assert.NotEqual(a["0.weight"].Values, c["0.weight"].Values);
    }

    [Fact]
    public void SeedCnn_ThreeAdamSteps_GiveTorchsLosses()
    {
        var f = Load("seed_cnn_steps.safetensors");
        var model = ModelZoo.Create("seed-cnn", 1, 60, 60);
        var state = model.StateDict();
        var formula = new WeightDict();
        var j = 0;
        foreach (var (key, w) in state)
        {
            // The fixture's formula: (1/√fan_in)·sin(0.37·i + j) in double, rounded to float32.
            var weightShape = state[key.Replace("bias", "weight", StringComparison.Ordinal)].Shape;
            var fanIn = weightShape.Skip(1).Aggregate(1, (a, b) => a * b);
            var values = new float[w.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)(1 / Math.Sqrt(fanIn) * Math.Sin((0.37 * i) + j));
            }

            formula.Add(key, w.Shape, values);
            j++;
        }

        model.LoadStateDict(formula);
        model.Eval();
        var adam = new Adam(model.Parameters(), 1e-3);
        var loss = new BCEWithLogitsLoss();
        var y = Tensor.From([0f, 1, 0, 1, 1, 0, 0, 1], 8);
        Tensor x = Tensor.Zeros(1);
        for (var s = 0; s < 3; s++)
        {
            var values = new float[8 * 60 * 60];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)(0.5 + (0.5 * Math.Sin((0.013 * i * (s + 1)) + s)));
            }

            x = Tensor.From(values, 8, 1, 60, 60);
            adam.ZeroGrad();
            var logits = Ops.Reshape(model.Forward(x), 8);
            var l = loss.Forward(logits, y);
            l.Backward();
            adam.Step();
            AssertClose(f[$"logits_{s}"], logits, $"logits at step {s}");
            AssertClose(f[$"loss_{s}"], l, $"loss at step {s}");
        }

        AssertClose(f["final_logits"], Ops.Reshape(model.Forward(x), 8), "logits after three steps", 1e-3, 1e-4);
    }

    [TorchFact]
    public void Resnet18_FromTorchSavePth_GivesPyTorchsLogits()
    {
        var dir = Directory.CreateTempSubdirectory("medvision-resnet18-");
        try
        {
            var script = Path.Combine(RepoPaths.Root, "tests", "fixtures", "scripts", "nn_resnet18_pth.py");
            using (var p = Process.Start(new ProcessStartInfo(TorchFactAttribute.Python, $"\"{script}\" \"{dir.FullName}\"") { RedirectStandardError = true }))
            {
                var error = p!.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, error);
            }

            var weights = PyTorchCheckpoint.Load(Path.Combine(dir.FullName, "resnet18.pth"));
            var model = ModelZoo.Create("resnet18", 3, 224, 224, outputs: 1000);
            model.LoadStateDict(weights);
            model.Eval();
            var x = NpyFixture.Load(Path.Combine(dir.FullName, "x.npy"));
            var expected = NpyFixture.Load(Path.Combine(dir.FullName, "logits.npy"));

            using (Tensors.Autograd.GradMode.NoGrad())
            {
                var logits = model.Forward(Tensor.From(x.AsFloat(), x.Shape));
                AssertClose(expected.AsFloat(), logits.Data, "resnet18 logits", 1e-3, 1e-4);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Transfer_SumsRgbFiltersAndReplacesTheHead()
    {
        var pretrained = ModelZoo.Create("resnet18-small", 3, 28, 28, outputs: 10, seed: 1);
        var weights = pretrained.StateDict();
        var entry = ModelZoo.Get("resnet18-small");
        var model = ModelZoo.Create("resnet18-small", 1, 28, 28, outputs: 2, seed: 2);
        var freshHead = model.StateDict()["fc.weight"].Values;

        var result = Transfer.LoadPretrained(model, entry, weights);

        var conv = model.StateDict()["conv1.weight"];
        var rgb = weights["conv1.weight"];
        Assert.Equal([64, 1, 3, 3], conv.Shape);
        Assert.Equal(rgb.Values[0] + rgb.Values[9] + rgb.Values[18], conv.Values[0], 1e-6f);
        Assert.Equal(freshHead, model.StateDict()["fc.weight"].Values);
        Assert.Equal(["fc.weight", "fc.bias"], result.MissingKeys.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(weights["layer4.1.bn2.running_var"].Values, model.StateDict()["layer4.1.bn2.running_var"].Values);
    }

    [Fact]
    public void Fusion_BlockChoice_SetsHeadWidth_AndBackboneNamesMatchVgg16()
    {
        var all = ModelZoo.Create("vgg16-fusion1", new ModelSpec { InChannels = 3, Height = 32, Width = 32 });
        var two = ModelZoo.Create("vgg16-fusion2", new ModelSpec { InChannels = 3, Height = 72, Width = 72, FusedBlocks = [4, 5] });

        Assert.Equal([64 + 128 + 256 + 512 + 512], all.NamedParameters().First(p => p.Key == "head.1.weight").Value.ShapeArray()[1..]);
        Assert.Equal([256 + 256], two.NamedParameters().First(p => p.Key == "head.1.weight").Value.ShapeArray()[1..]);
        AssertSameStateLayout("vgg16", all.GetSubmodule("features"), "features.");
        Assert.Equal(26, all.Freeze("features."));
    }

    [Fact]
    public void Summary_SeedCnn_ListsKerasShapesAndTotals()
    {
        var summary = ModelSummary.Describe(ModelZoo.Create("seed-cnn", 1, 60, 60), [1, 60, 60]);

        Assert.Equal(568_449, summary.TotalParameters);
        Assert.Equal(21, summary.Rows.Count);
        Assert.Equal(["0", "Conv2d"], [summary.Rows[0].Name, summary.Rows[0].Type]);
        Assert.Equal([1, 32, 60, 60], summary.Rows[0].OutputShape);
        Assert.Equal(320, summary.Rows[0].Parameters);
        Assert.Equal([1, 128, 3, 3], summary.Rows[13].OutputShape);
        Assert.Equal([1, 1152], summary.Rows[14].OutputShape);
        Assert.Equal([1, 1], summary.Rows[^1].OutputShape);
    }

    [Fact]
    public void UnknownArchitecture_ListsKnownNames()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelZoo.Get("resnet9"));

        Assert.Contains("unknown architecture 'resnet9'", e.Message, StringComparison.Ordinal);
        Assert.Contains("seed-cnn", e.Message, StringComparison.Ordinal);
    }
}
