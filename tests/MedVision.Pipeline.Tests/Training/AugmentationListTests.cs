using MedVision.Imaging;
using MedVision.Imaging.Augmentation;
using MedVision.Pipeline.Experiments;
using MedVision.Tensors;
using MedVision.Training;

namespace MedVision.Pipeline.Tests.Training;

/// <summary><c>augment:</c> as a list of transforms: parsing, errors, presets as named lists, reproducibility.</summary>
public sealed class AugmentationListTests
{
    private const string TaskExample = """
        models:
          - name: seed-cnn
            augment:
              - flip: {axis: horizontal, p: 0.5}
              - rot90: {p: 0.5}
              - affine: {rotate: 15, translate: 0.1, scale: [0.9, 1.1], shear: 5, p: 0.8}
              - intensity: {brightness: 0.1, contrast: 0.1, gamma: [0.8, 1.2], p: 0.5}
              - noise: {std: 0.02, p: 0.3}
              - elastic: {alpha: 34, sigma: 4, p: 0.2}
        """;

    private static float[] Samples(int count, int seed)
    {
        var generator = new Generator((ulong)seed);
        var data = new float[count * 32 * 32];
        generator.FillUniform(data, 0, 1);
        return data;
    }

    /// <summary>Runs <paramref name="hook"/> over 40 32×32 samples with one generator of <paramref name="seed"/>.</summary>
    private static float[] Augment(Action<Span<float>, int, int, Generator> hook, int seed)
    {
        var data = Samples(40, 7);
        var generator = new Generator((ulong)seed);
        for (var i = 0; i < 40; i++)
        {
            hook(data.AsSpan(i * 1024, 1024), 32, 32, generator);
        }

        return data;
    }

    [Fact]
    public void ListOfTransforms_IsReadInOrderWithItsParameters()
    {
        var augment = ExperimentConfigLoader.Parse(TaskExample).Models[0].Augment!;

        Assert.Null(augment.Preset);
        Assert.Equal(["flip", "rot90", "affine", "intensity", "noise", "elastic"], augment.Steps.Select(s => s.Name));
        Assert.Equal(["0.9", "1.1"], augment.Steps[2].Parameters["scale"]);
        Assert.Equal(["horizontal"], augment.Steps[0].Parameters["axis"]);
        var affine = Assert.IsType<RandomApply>(AugmentationList.Create(augment.Steps[2]));
        Assert.Equal(0.8, affine.P);
        Assert.Equal(new RandAffine { Rotate = 15, Translate = 0.1, ScaleLow = 0.9, ScaleHigh = 1.1, Shear = 5 }, affine.Transform);
    }

    [Fact]
    public void ListOfTransforms_RoundTripsThroughTheWrittenConfig()
    {
        var config = ExperimentConfigLoader.Parse(TaskExample);
        var again = ExperimentConfigLoader.Parse(ExperimentConfigLoader.ToYaml(config));
        Assert.Equal(config.Models[0].Augment, again.Models[0].Augment);

        var named = ExperimentConfigLoader.Parse("models:\n  - name: seed-cnn\n    augment: dihedral\n");
        Assert.Equal("dihedral", ExperimentConfigLoader.Parse(ExperimentConfigLoader.ToYaml(named)).Models[0].Augment!.Preset);
        var off = ExperimentConfigLoader.Parse("models:\n  - name: seed-cnn\n    augment: false\n");
        Assert.Null(off.Models[0].Augment);
    }

    [Fact]
    public void NamedLists_GiveThePresetsSamples_ForTheSameSeed()
    {
        Assert.Equal(Augmentations.Seed000, AugmentationList.Create(AugmentationList.Named["keras"][0]));
        Assert.Equal(Augment(Augmentations.KerasSeed000, 3), Augment(AugmentationList.Resolve(AugmentConfig.On, null)!, 3));
        Assert.Equal(Augment(Augmentations.KerasSeed000, 3), Augment(AugmentationList.Resolve(new AugmentConfig { Preset = "keras" }, null)!, 3));
        Assert.Equal(Augment(Augmentations.Dihedral, 3), Augment(AugmentationList.Resolve(new AugmentConfig { Preset = "dihedral" }, null)!, 3));
        Assert.Equal(Augment(Augmentations.Dihedral, 3), Augment(AugmentationList.Resolve(AugmentConfig.On, "dihedral")!, 3));
    }

    [Fact]
    public void List_IsReproducibleForASeed_AndDiffersAcrossSeeds()
    {
        var hook = AugmentationList.Hook(ExperimentConfigLoader.Parse(TaskExample).Models[0].Augment!.Steps);

        var a = Augment(hook, 11);
        Assert.Equal(a, Augment(hook, 11));
        Assert.NotEqual(a, Augment(hook, 12));
        Assert.NotEqual(Samples(40, 7), a);
        Assert.All(a, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Steps_AreAppliedInOrder()
    {
        var image = new Image(1, 4, 4, [.. Enumerable.Range(0, 16).Select(i => (float)i)]);
        var steps = ExperimentConfigLoader.Parse("""
            models:
              - name: seed-cnn
                augment:
                  - flip: {axis: vertical, p: 1}
                  - rot90: {max_k: 1}
                  - dihedral
            """).Models[0].Augment!.Steps;
        var sample = (float[])image.Data.Clone();
        var generator = new Generator(5);
        var dihedralDraw = new Generator(5);
        dihedralDraw.NextUInt64();

        AugmentationList.Hook(steps)(sample, 4, 4, generator);

        var expected = Geometry.Rot90(Geometry.FlipVertical(image), 1).Data;
        Nn.Patches.Dihedral.Apply(expected, 4, 4, (int)(dihedralDraw.NextUInt64() % 8));
        Assert.Equal(expected, sample);
    }

    [Theory]
    [InlineData("- blur: {sigma: 1}", "unknown transform 'blur'; a list accepts flip, rot90, affine, intensity, noise, elastic, keras, dihedral")]
    [InlineData("- affine: {degrees: 10}", "affine: unknown parameter 'degrees'; it accepts rotate, translate, scale, shear, padding_mode, mode, p")]
    [InlineData("- flip: {axis: diagonal}", "flip: axis must be horizontal or vertical or both, got 'diagonal'")]
    [InlineData("- noise: {std: 0.1, p: 2}", "noise: p must be in [0, 1], got '2'")]
    [InlineData("- affine: {scale: [1.2, 0.8]}", "affine: scale must be [low, high] with 0 < low ≤ high or one number below 1, got [1.2, 0.8]")]
    [InlineData("- rot90: {max_k: 1.5}", "rot90: max_k must be an integer, got '1.5'")]
    [InlineData("- dihedral: {p: 0.5}", "dihedral: takes no parameters, got 'p'")]
    [InlineData("- elastic: {alpha: -1}", "elastic: alpha must be ≥ 0, got '-1'")]
    public void BadTransforms_AreConfigErrorsListingWhatIsAccepted(string item, string expected)
    {
        var yaml = $"models:\n  - name: seed-cnn\n    augment:\n      {item}\n";
        var e = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse(yaml, "study.yaml"));
        Assert.Equal($"study.yaml: model seed-cnn: augment: {expected}", e.Message);
    }

    [Fact]
    public void UnknownNamedList_AndPresetBesideAList_AreConfigErrors()
    {
        var unknown = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse("models:\n  - name: seed-cnn\n    augment: mirror\n", "s.yaml"));
        Assert.Equal("s.yaml: model seed-cnn: augment: augment must be true, a list of transforms or one of keras, dihedral, got 'mirror'", unknown.Message);
        var both = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse(
            "models:\n  - name: seed-cnn\n    augment_preset: keras\n    augment:\n      - flip: {p: 0.5}\n", "s.yaml"));
        Assert.Contains("augment_preset goes with augment: true", both.Message, StringComparison.Ordinal);
        var shape = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse(
            "models:\n  - name: seed-cnn\n    augment:\n      - flip: {p: 0.5}\n        rot90: {}\n", "s.yaml"));
        Assert.Contains("one transform per list item", shape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListAugmentation_TrainsACnnReproducibly()
    {
        var output = Directory.CreateTempSubdirectory("mv-aug-").FullName;
        var runs = 0;
        try
        {
            var steps = ExperimentConfigLoader.Parse(TaskExample).Models[0].Augment;
            // Each run in its own folder: a run resumes the finished folds it finds in its checkpoints.
            ExperimentConfig Config(AugmentConfig? augment) => new()
            {
                Out = Path.Combine(output, $"run-{runs++}"),
                PhantomRegionsPerClass = 4,
                Protocol = new ProtocolConfig { Kind = "holdout" },
                Models = [new ModelConfig { Name = "seed-cnn", Epochs = 1, InputSize = 32, Augment = augment }],
                Evaluation = new EvaluationConfig { Bootstrap = 0 },
                Bundle = "none",
            };

            var a = new ExperimentRunner(Config(steps)).Run().Results.Models[0].Scores;
            var b = new ExperimentRunner(Config(steps)).Run().Results.Models[0].Scores;
            var plain = new ExperimentRunner(Config(null)).Run().Results.Models[0].Scores;

            Assert.Equal(a, b);
            Assert.NotEqual(a, plain);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
