using MedVision.Evaluation;
using MedVision.Nn;
using MedVision.Nn.Patches;
using MedVision.Nn.Zoo;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Models;
using MedVision.Tensors;
using MedVision.Testing;
using MedVision.Training;

namespace MedVision.Pipeline.Tests;

public class PatchTrainingTests
{
    /// <summary>A stand-in patch classifier: logit = mean pixel − <see cref="Offset"/>; remembers its last input.</summary>
    private sealed class MeanLogit(float offset = 0.5f) : Module
    {
        public float Offset { get; } = offset;

        public Tensor? LastInput { get; private set; }

        protected override Tensor ForwardCore(Tensor input)
        {
            LastInput = input.Clone();
            var n = input.Size(0);
            var size = input.Length / n;
            var logits = new float[n];
            for (var i = 0; i < n; i++)
            {
                logits[i] = (float)(input.Data.Slice(i * size, size).ToArray().Average() - Offset);
            }

            return Tensor.Wrap(logits, n, 1);
        }
    }

    private static Tensor RandomImages(int n, int height, int width, ulong seed)
    {
        var data = new float[n * height * width];
        new Generator(seed).FillUniform(data, 0, 1);
        return Tensor.Wrap(data, n, 1, height, width);
    }

    [Fact]
    public void TestOffsets_AreSeeded_AndInsideTheImage()
    {
        var a = new PatchNetwork(new MeanLogit(), 20, 30, new PatchOptions { Size = 8, TestPatches = 25, Seed = 7 });
        var b = new PatchNetwork(new MeanLogit(), 20, 30, new PatchOptions { Size = 8, TestPatches = 25, Seed = 7 });
        var c = new PatchNetwork(new MeanLogit(), 20, 30, new PatchOptions { Size = 8, TestPatches = 25, Seed = 8 });

        Assert.Equal(25, a.TestOffsets.Count);
        Assert.Equal(a.TestOffsets, b.TestOffsets);
        Assert.NotEqual(a.TestOffsets, c.TestOffsets);
        Assert.All(a.TestOffsets, o => Assert.InRange(o.Top, 0, 20 - 8));
        Assert.All(a.TestOffsets, o => Assert.InRange(o.Left, 0, 30 - 8));
        Assert.True(a.TestOffsets.Distinct().Count() > 20, "25 draws from 13×23 positions should hardly repeat");
    }

    [Fact]
    public void GivenTestOffsets_ReplaceTheSeededOnes_AndAreChecked()
    {
        var options = new PatchOptions { Size = 8, TestPatches = 2, Seed = 7 };
        var given = new PatchNetwork(new MeanLogit(), 20, 30, options, [(0, 0), (12, 22)]);
        Assert.Equal([(0, 0), (12, 22)], given.TestOffsets);
        Assert.Same(options, given.Options);

        Assert.Throws<ArgumentException>(() => new PatchNetwork(new MeanLogit(), 20, 30, options, [(0, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchNetwork(new MeanLogit(), 20, 30, options, [(0, 0), (13, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchNetwork(new MeanLogit(), 20, 30, options, [(0, 23), (0, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchNetwork(new MeanLogit(), 20, 30, options, [(-1, 0), (0, 0)]));
    }

    [Fact]
    public void Training_CutsOneFreshPatchPerImage_FromThatImage()
    {
        const int n = 3, h = 20, w = 30, p = 8;
        var inner = new MeanLogit();
        var model = new PatchNetwork(inner, h, w, new PatchOptions { Size = p, Seed = 1 });
        // Pixel value = its own address, so a patch tells where it was cut.
        var data = Enumerable.Range(0, n * h * w).Select(v => (float)v).ToArray();
        var images = Tensor.Wrap(data, n, 1, h, w);
        var corners = new List<(int, int, int)>();
        for (var call = 0; call < 2; call++)
        {
            var logits = model.Forward(images);
            Assert.Equal([n, 1], logits.ShapeArray());
            var patches = inner.LastInput!;
            Assert.Equal([n, 1, p, p], patches.ShapeArray());
            for (var i = 0; i < n; i++)
            {
                var origin = (int)patches[i, 0, 0, 0];
                var (image, top, left) = (origin / (h * w), origin % (h * w) / w, origin % w);
                Assert.Equal(i, image);
                Assert.InRange(top, 0, h - p);
                Assert.InRange(left, 0, w - p);
                for (var y = 0; y < p; y++)
                {
                    for (var x = 0; x < p; x++)
                    {
                        Assert.Equal(data[(i * h * w) + ((top + y) * w) + left + x], patches[i, 0, y, x]);
                    }
                }

                corners.Add((call, top, left));
            }
        }

        Assert.NotEqual(corners.Take(n).Select(c => (c.Item2, c.Item3)), corners.Skip(n).Select(c => (c.Item2, c.Item3)));
    }

    [Theory]
    [InlineData(AggregationMethod.MajorityVote)]
    [InlineData(AggregationMethod.Mean)]
    [InlineData(AggregationMethod.Max)]
    public void Evaluation_ScoresEachImage_ByAggregatingItsSeededPatches(AggregationMethod vote)
    {
        const int n = 9, h = 16, w = 16, p = 6, t = 7;
        var inner = new MeanLogit(offset: 0.5f);
        var model = new PatchNetwork(inner, h, w, new PatchOptions { Size = p, TestPatches = t, Vote = PatchVotes.ToPatchVote(vote), Seed = 3 });
        model.Eval();
        var images = RandomImages(n, h, w, 11);
        // Brighten a third of the images and darken another third, so that every vote method gives both decisions.
        for (var i = 0; i < n; i++)
        {
            var plane = images.Data.Slice(i * h * w, h * w);
            System.Numerics.Tensors.TensorPrimitives.Add(plane, (i % 3) switch { 0 => 0.1f, 1 => -0.1f, _ => 0f }, plane);
        }

        var scores = model.Forward(images);
        Assert.Equal([n, 1], scores.ShapeArray());

        // Reference: cut the same patches by hand, score them with the same stand-in, aggregate per image.
        var keys = new List<string>();
        var probabilities = new List<double>();
        for (var i = 0; i < n; i++)
        {
            foreach (var (top, left) in model.TestOffsets)
            {
                double sum = 0;
                for (var y = 0; y < p; y++)
                {
                    for (var x = 0; x < p; x++)
                    {
                        sum += images[i, 0, top + y, left + x];
                    }
                }

                keys.Add($"image{i}");
                probabilities.Add(1 / (1 + Math.Exp(-((sum / (p * p)) - 0.5))));
            }
        }

        var expected = Aggregation.Aggregate(keys, probabilities.ToArray(), new int[keys.Count], vote);
        for (var i = 0; i < n; i++)
        {
            var score = 1 / (1 + Math.Exp(-scores[i, 0]));
            var reference = vote == AggregationMethod.MajorityVote ? ((expected.Scores[i] * t) + 0.5) / (t + 1) : expected.Scores[i];
            Assert.Equal(reference, score, 5);
            Assert.Equal(expected.Scores[i] >= 0.5, score >= 0.5);
        }

        Assert.Contains(expected.Scores, s => s >= 0.5);
        Assert.Contains(expected.Scores, s => s < 0.5);
    }

    /// <summary>A stand-in that looks only at the patch's top-left pixel: logit = x[0, 0] − ½.</summary>
    private sealed class CornerLogit : Module
    {
        protected override Tensor ForwardCore(Tensor input)
        {
            var n = input.Size(0);
            var size = input.Length / n;
            var logits = new float[n];
            for (var i = 0; i < n; i++)
            {
                logits[i] = input.Data[i * size] - 0.5f;
            }

            return Tensor.Wrap(logits, n, 1);
        }
    }

    /// <summary>
    /// With dihedral test-time augmentation the top-left pixel of the eight views runs over the patch's four corners,
    /// twice each, so a patch's probability is the mean of σ(corner − ½) over its corners.
    /// </summary>
    [Fact]
    public void DihedralTestAugment_ScoresEachPatchByTheMeanOverItsEightViews()
    {
        const int n = 3, h = 12, w = 12, p = 5, t = 4;
        var options = new PatchOptions { Size = p, TestPatches = t, Vote = PatchVote.Mean, Seed = 8, DihedralTestAugment = true };
        var model = new PatchNetwork(new CornerLogit(), h, w, options);
        model.Eval();
        var images = RandomImages(n, h, w, 5);
        var scores = model.Forward(images);
        var plain = new PatchNetwork(new CornerLogit(), h, w, options with { DihedralTestAugment = false });
        plain.Eval();
        var plainScores = plain.Forward(images);
        for (var i = 0; i < n; i++)
        {
            double sum = 0, topLeft = 0;
            foreach (var (top, left) in model.TestOffsets)
            {
                double corners = 0;
                foreach (var (y, x) in new[] { (0, 0), (0, p - 1), (p - 1, 0), (p - 1, p - 1) })
                {
                    corners += 1 / (1 + Math.Exp(-(images[i, 0, top + y, left + x] - 0.5)));
                }

                sum += corners / 4;
                topLeft += 1 / (1 + Math.Exp(-(images[i, 0, top, left] - 0.5)));
            }

            Assert.Equal(sum / t, 1 / (1 + Math.Exp(-scores[i, 0])), 5);
            Assert.Equal(topLeft / t, 1 / (1 + Math.Exp(-plainScores[i, 0])), 5);
        }
    }

    [Fact]
    public void Score_MajorityVote_KeepsThePlainVoteDecision_AndStaysFinite()
    {
        for (var positives = 0; positives <= 4; positives++)
        {
            var logits = Enumerable.Range(0, 4).Select(k => k < positives ? 2f : -2f).ToArray();
            var score = PatchNetwork.Score(logits, PatchVote.MajorityVote);
            Assert.Equal((positives + 0.5) / 5, score, 12);
            Assert.Equal(positives >= 2, score >= 0.5);
            Assert.True(double.IsFinite(Math.Log(score / (1 - score))));
        }
    }

    [Fact]
    public void StateDict_KeepsTheZooNetworksNames()
    {
        var network = ModelZoo.Create("seed-cnn", 1, 16, 16);
        var model = new PatchNetwork(network, 24, 24, new PatchOptions { Size = 16 });

        Assert.Equal(network.StateDict().Names, model.StateDict().Names);
        Assert.Equal(network.ParameterCount(), model.ParameterCount());
    }

    [Fact]
    public void PatchLargerThanTheImage_IsRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PatchNetwork(new MeanLogit(), 20, 30, new PatchOptions { Size = 21 }));
        Assert.Contains("patch size 21 exceeds the 20×30 images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PatchRecipe_GivesOneScorePerTestImage_Deterministically_AndLearns()
    {
        var store = SyntheticRois.Store(train: 24);
        int[] Split(string name) => [.. Enumerable.Range(0, store.Dataset.Samples.Count).Where(i => store.Dataset.Samples[i].Split == name)];
        var fold = new FoldData(0, Split("train"), Split("val"), Split("test"), Seed: 4);
        var model = new ModelConfig { Name = "seed-cnn", Epochs = 4, BatchSize = 8, PatchSize = 16, PatchesPerImage = 5, TrainPatches = 2 };
        var recipe = ModelCatalog.Create(model, store);
        Assert.IsType<PatchRecipe>(recipe);
        Assert.Equal("cnn", recipe.Kind);

        var first = recipe.RunFold(store, fold);
        var second = ModelCatalog.Create(model, store).RunFold(store, fold);

        Assert.Equal(fold.Test.Length, first.TestScores.Length);
        Assert.Equal(first.TestScores, second.TestScores);
        Assert.Equal(first.History!.ValidationLoss, second.History!.ValidationLoss);
        // Majority-vote scores over 5 patches take the values (k + ½) / 6.
        Assert.All(first.TestScores, s => Assert.Equal(0, ((s * 6) - 0.5) % 1, 6));
        var labels = fold.Test.Select(i => store.Dataset.Samples[i].Label).ToArray();
        var correct = first.TestScores.Zip(labels, (s, y) => (s >= 0.5 ? 1 : 0) == y).Count(c => c);
        Assert.True(correct >= 8, $"{correct} of 10 test images right on an easy texture task");
    }

    [Fact]
    public void BalancedPatches_DrawMoreFromTheSmallerClass()
    {
        // The mias_rois training split: 125 Normal, 72 Tumor.
        int[] labels = [.. Enumerable.Repeat(0, 125), .. Enumerable.Repeat(1, 72)];
        var plain = new PatchRecipe("patch-cnn", new TrainerOptions(), new PatchOptions { TrainPatches = 4 });
        var balanced = new PatchRecipe("patch-cnn", new TrainerOptions(), new PatchOptions { TrainPatches = 4, BalanceClasses = true });

        Assert.Equal([4, 4], plain.PatchesPerEpoch(labels));
        Assert.Equal([4, 7], balanced.PatchesPerEpoch(labels));
        Assert.Equal([2, 2], new PatchRecipe("patch-cnn", new TrainerOptions(), new PatchOptions { TrainPatches = 2, BalanceClasses = true }).PatchesPerEpoch([0, 1, 1, 0]));
    }

    [Fact]
    public void Yaml_ReadsThePatchSettings()
    {
        var config = ExperimentConfigLoader.Parse("""
            protocol:
              kind: fixed
            models:
              - name: seed-cnn
                patch_size: 72
                patches_per_image: 25
                train_patches: 4
                balance_patches: true
                vote: mean
                test_augment: dihedral
            """);

        var model = config.Models[0];
        Assert.Equal("dihedral", model.TestAugment);
        Assert.Equal(72, model.PatchSize);
        Assert.Equal(25, model.PatchesPerImage);
        Assert.Equal(4, model.TrainPatches);
        Assert.True(model.BalancePatches);
        Assert.Equal("mean", model.Vote);
    }

    [Fact]
    public void DocumentedSeeds002Config_IsAPatchStudyOnTheFixedSplit()
    {
        var config = ExperimentConfigLoader.Load(Path.Combine(RepoPaths.Root, "docs", "configs", "seeds002-patches.yaml"));

        Assert.Equal("fixed", config.Protocol.Kind);
        Assert.Equal(Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "mias_rois")), config.Data);
        var model = Assert.Single(config.Models);
        Assert.Equal("patch-cnn", model.Name);
        Assert.Equal(72, model.PatchSize);
        Assert.Equal(25, model.PatchesPerImage);
        Assert.Equal("majority", model.Vote);
        Assert.Equal("dihedral", model.TestAugment);
        Assert.Contains(ModelZoo.All, e => e.Name == model.Name);
    }

    [Theory]
    [InlineData("patch_size: 0", "patch_size must be ≥ 1, got 0")]
    [InlineData("patch_size: 72\n    vote: median", "vote must be majority, mean or max, got 'median'")]
    [InlineData("patch_size: 72\n    patches_per_image: 0", "patches_per_image must be ≥ 1, got 0")]
    [InlineData("vote: mean", "patches_per_image, train_patches, balance_patches, vote and test_augment need patch_size")]
    [InlineData("test_augment: dihedral", "patches_per_image, train_patches, balance_patches, vote and test_augment need patch_size")]
    [InlineData("patch_size: 72\n    test_augment: rotate", "test_augment must be dihedral, got 'rotate'")]
    public void Yaml_BadPatchSettings_AreNamed(string settings, string message)
    {
        var e = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse($"""
            models:
              - name: seed-cnn
                {settings}
            """, "study.yaml"));
        Assert.Contains("study.yaml: model seed-cnn: " + message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PatchRecipe_PatchLargerThanTheImages_IsAConfigError()
    {
        var store = SyntheticRois.Store(train: 24);
        var recipe = ModelCatalog.Create(new ModelConfig { Name = "seed-cnn", PatchSize = 40 }, store);
        var e = Assert.Throws<ExperimentConfigException>(() => recipe.RunFold(store, new FoldData(0, [0, 1], [], [2], 0)));
        Assert.Contains("patch_size 40 exceeds the 32×32 images", e.Message, StringComparison.Ordinal);
    }
}
