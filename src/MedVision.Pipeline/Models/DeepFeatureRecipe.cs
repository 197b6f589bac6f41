using System.Globalization;
using MedVision.Classical;
using MedVision.Classical.Preprocessing;
using MedVision.Data;
using MedVision.Nn;
using MedVision.Nn.Patches;
using MedVision.Pipeline.Experiments;
using MedVision.Tensors;
using ClassicalMatrix = MedVision.Classical.FeatureMatrix;

namespace MedVision.Pipeline.Models;

/// <summary>
/// A frozen pretrained network as a feature extractor for a classical classifier, on patches (seeds/002) or whole
/// images: every training image gives <see cref="PatchOptions.TrainPatches"/> random patches (more from the smaller
/// class with <see cref="PatchOptions.BalanceClasses"/>), each in its eight flips and quarter turns with
/// <see cref="DeepFeatureOptions.DihedralTrainViews"/>; their pooled features (<see cref="DeepFeatureNetwork"/>) →
/// standard scaler → classifier. A validation or test image is scored by the vote of the same
/// <see cref="PatchOptions.TestPatches"/> seeded patches as <see cref="PatchNetwork"/> draws for the seed, a patch
/// counting with the mean probability of its eight views under <see cref="PatchOptions.DihedralTestAugment"/>.
/// Without patches (<see cref="DeepFeatureOptions.Patches"/> null) each image is one patch of its own size.
/// </summary>
/// <remarks>
/// With several <see cref="DeepFeatureOptions.LayerSets"/> or <see cref="DeepFeatureOptions.CValues"/>, each pair is
/// fitted on the training images and scored on the validation images (image-wise, by the vote); the pair with the
/// highest validation accuracy at ½ wins, ties going to the lower validation log-loss of the image scores, then to the
/// earlier pair. The chosen pair is refitted, as one alone is fitted, on the training and validation images (the
/// validation images are training data unless their scores are wanted, as in <see cref="FeatureRecipe"/>).
/// Binary data only.
/// </remarks>
public sealed class DeepFeatureRecipe : IModelRecipe
{
    private readonly Func<int, Module> _network;
    private readonly Func<IReadOnlyDictionary<string, string>?, IClassifier> _classifier;
    private readonly DeepFeatureOptions _options;

    /// <param name="name">Model name, e.g. <c>imagenet-lr</c>.</param>
    /// <param name="network">Builds the frozen network for images of the given channels (weights loaded).</param>
    /// <param name="classifier">Makes an unfitted classifier with the given hyperparameters (C set when a grid is searched).</param>
    /// <param name="options">Patches, pooled layers, network input size and the validation grid.</param>
    public DeepFeatureRecipe(string name, Func<int, Module> network, Func<IReadOnlyDictionary<string, string>?, IClassifier> classifier, DeepFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Name = name;
        _network = network;
        _classifier = classifier;
        _options = options;
    }

    public string Name { get; }

    public string Kind => "features";

    /// <summary>False: a bundle stores image-wise feature pipelines and trained networks, not a frozen network's patch vote.</summary>
    public bool CanBundle => false;

    public FoldRun RunFold(ImageStore store, FoldData fold, IProgress<string>? progress = null)
    {
        if (store.Dataset.ClassNames.Count != 2)
        {
            throw new ExperimentConfigException($"model {Name}: deep-feature pipelines are binary; {store.Dataset.Root} has {store.Dataset.ClassNames.Count} classes");
        }

        var inputs = new NetworkInputs(store, Name, _options.ImageSize);
        var first = inputs.Images[0];
        var patches = _options.Patches ?? new PatchOptions { Size = Math.Min(first.Height, first.Width), TestPatches = 1 };
        if (patches.Size > first.Height || patches.Size > first.Width)
        {
            throw new ExperimentConfigException($"model {Name}: patch_size {patches.Size} exceeds the {first.Height}×{first.Width} images of {store.Dataset.Root}");
        }

        var layers = _options.LayerSets.SelectMany(s => s).Distinct(StringComparer.Ordinal).ToList();
        DeepFeatureNetwork extractor;
        try
        {
            extractor = new DeepFeatureNetwork(_network(first.Channels), layers, _options.NetworkSize);
        }
        catch (ArgumentException e)
        {
            throw new ExperimentConfigException($"model {Name}: {e.Message}");
        }

        var grid = (from set in _options.LayerSets from c in _options.CValues.Count == 0 ? [double.NaN] : _options.CValues select (Layers: set, C: c)).ToList();
        var search = grid.Count > 1;
        if (search && fold.Validation.Length == 0)
        {
            throw new ExperimentConfigException($"model {Name}: choosing among {grid.Count} layer sets × C values needs validation images; the protocol gives none");
        }

        var labels = store.Dataset.Samples.Select(s => s.Label).ToArray();
        var cutter = new PatchCutter(inputs, patches, (ulong)fold.Seed);
        // Training rows come from the training images, and from the validation images for the final fit unless their scores are wanted.
        var trainOnly = cutter.TrainingFeatures(fold.Train, labels, _options.DihedralTrainViews, extractor);
        var validation = search || fold.ScoreValidation ? cutter.ScoringFeatures(fold.Validation, patches.DihedralTestAugment, extractor) : null;
        var widths = trainOnly.Widths;

        var chosen = grid[0];
        if (search)
        {
            var y = fold.Validation.Select(i => labels[i]).ToArray();
            var best = (Accuracy: -1.0, LogLoss: double.PositiveInfinity);
            foreach (var candidate in grid)
            {
                var model = Fit(trainOnly, candidate, widths);
                var scores = Vote(model, validation!, candidate.Layers, widths, patches);
                var (accuracy, logLoss) = (Accuracy(y, scores), LogLoss(y, scores));
                progress?.Report($"{Name}: layers {string.Join("+", candidate.Layers)}{CText(candidate.C)}: validation accuracy {accuracy:0.000}, log-loss {logLoss:0.000}");
                if (accuracy > best.Accuracy || (accuracy == best.Accuracy && logLoss < best.LogLoss))
                {
                    (best, chosen) = ((accuracy, logLoss), candidate);
                }
            }

            progress?.Report($"{Name}: chosen on the {y.Length} validation images: layers {string.Join("+", chosen.Layers)}{CText(chosen.C)} (accuracy {best.Accuracy:0.000})");
        }

        var final = fold.ScoreValidation ? trainOnly : trainOnly.Concat(cutter.TrainingFeatures(fold.Validation, labels, _options.DihedralTrainViews, extractor));
        var fitted = Fit(final, chosen, widths);
        progress?.Report($"{Name} fold {fold.Index + 1}: fitted on {final.Rows} patch views of {final.Images} images, {Columns(chosen.Layers, widths).Count} features");
        var test = fold.Test.Length == 0 ? [] : Vote(fitted, cutter.ScoringFeatures(fold.Test, patches.DihedralTestAugment, extractor), chosen.Layers, widths, patches);
        return new FoldRun(test)
        {
            ValidationScores = fold.ScoreValidation ? Vote(fitted, validation!, chosen.Layers, widths, patches) : null,
        };
    }

    private IFittedClassifier Fit(PatchFeatures rows, (IReadOnlyList<string> Layers, double C) choice, IReadOnlyList<int> widths)
    {
        var parameters = new Dictionary<string, string>(_options.Parameters ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (!double.IsNaN(choice.C))
        {
            parameters["C"] = choice.C.ToString("R", CultureInfo.InvariantCulture);
        }

        return new Classical.Composition.Pipeline([new StandardScaler()], _classifier(parameters))
            .Fit(rows.Matrix(Columns(choice.Layers, widths)), rows.Labels);
    }

    /// <summary>One score per image: its patches' probabilities (each the mean over its views), combined by the vote.</summary>
    private double[] Vote(IFittedClassifier model, PatchFeatures rows, IReadOnlyList<string> layers, IReadOnlyList<int> widths, PatchOptions patches)
    {
        var probabilities = model.PredictProba(rows.Matrix(Columns(layers, widths)));
        var positive = model.Classes.ToList().IndexOf(1);
        var perImage = rows.Rows / Math.Max(1, rows.Images);
        var views = perImage / patches.TestPatches;
        var scores = new double[rows.Images];
        var logits = new float[patches.TestPatches];
        for (var i = 0; i < rows.Images; i++)
        {
            for (var k = 0; k < patches.TestPatches; k++)
            {
                var p = 0.0;
                for (var v = 0; v < views; v++)
                {
                    p += positive < 0 ? 0 : probabilities[(((i * patches.TestPatches) + k) * views) + v, positive];
                }

                p = Math.Clamp(p / views, 1e-7, 1 - 1e-7);
                logits[k] = (float)Math.Log(p / (1 - p));
            }

            scores[i] = PatchNetwork.Score(logits, patches.Vote);
        }

        return scores;
    }

    /// <summary>The feature columns of <paramref name="layers"/> within the concatenation of every pooled layer.</summary>
    private List<int> Columns(IReadOnlyList<string> layers, IReadOnlyList<int> widths)
    {
        var all = _options.LayerSets.SelectMany(s => s).Distinct(StringComparer.Ordinal).ToList();
        var columns = new List<int>();
        foreach (var layer in layers)
        {
            var l = all.IndexOf(layer);
            var offset = widths.Take(l).Sum();
            columns.AddRange(Enumerable.Range(offset, widths[l]));
        }

        return columns;
    }

    private static string CText(double c) => double.IsNaN(c) ? string.Empty : $", C = {c.ToString("G4", CultureInfo.InvariantCulture)}";

    private static double Accuracy(int[] y, double[] scores) => y.Length == 0 ? 0 : y.Where((label, i) => (scores[i] >= 0.5 ? 1 : 0) == label).Count() / (double)y.Length;

    private static double LogLoss(int[] y, double[] scores) =>
        y.Length == 0 ? 0 : -y.Select((label, i) => Math.Log(Math.Clamp(label == 1 ? scores[i] : 1 - scores[i], 1e-15, 1))).Average();

    /// <summary>Pooled features of patch views, one row each, with the label of the image each came from.</summary>
    private sealed record PatchFeatures(float[] Values, int Columns, int[] Labels, int Images, int[] Widths)
    {
        public int Rows => Labels.Length;

        public ClassicalMatrix Matrix(IReadOnlyList<int> columns)
        {
            var values = new double[Rows * columns.Count];
            for (var r = 0; r < Rows; r++)
            {
                for (var j = 0; j < columns.Count; j++)
                {
                    values[(r * columns.Count) + j] = Values[(r * Columns) + columns[j]];
                }
            }

            return new ClassicalMatrix(Rows, columns.Count, values);
        }

        public PatchFeatures Concat(PatchFeatures other) =>
            new([.. Values, .. other.Values], Columns, [.. Labels, .. other.Labels], Images + other.Images, Widths);
    }

    /// <summary>Cuts seeded patches and their views out of the scaled images and extracts their features.</summary>
    private sealed class PatchCutter
    {
        private readonly NetworkInputs _inputs;
        private readonly PatchOptions _patches;
        private readonly (int Top, int Left)[] _testOffsets;
        private readonly Generator _trainDraws;

        public PatchCutter(NetworkInputs inputs, PatchOptions patches, ulong seed)
        {
            _inputs = inputs;
            _patches = patches;
            // The same forks as PatchNetwork: the test positions of a seed are the patch CNN's.
            var generator = new Generator(seed);
            var testDraws = generator.Fork();
            _trainDraws = generator.Fork();
            _testOffsets = [.. Enumerable.Range(0, patches.TestPatches).Select(_ => Draw(testDraws))];
        }

        /// <summary>Random patches of <paramref name="indices"/> (per <see cref="PatchOptions.TrainPatches"/> and class balance), each in 1 or 8 views.</summary>
        public PatchFeatures TrainingFeatures(int[] indices, int[] labels, bool dihedral, DeepFeatureNetwork extractor)
        {
            var counts = new int[2];
            foreach (var i in indices)
            {
                counts[labels[i]]++;
            }

            var largest = counts.Max();
            int PatchesOf(int label) => _patches.BalanceClasses && counts[label] > 0
                ? Math.Max(1, (int)Math.Round(_patches.TrainPatches * (double)largest / counts[label], MidpointRounding.AwayFromZero))
                : _patches.TrainPatches;

            var cuts = new List<(int Image, int Top, int Left)>();
            foreach (var i in indices)
            {
                for (var k = 0; k < PatchesOf(labels[i]); k++)
                {
                    var (top, left) = Draw(_trainDraws);
                    cuts.Add((i, top, left));
                }
            }

            return Extract(cuts, dihedral ? 8 : 1, labels, indices.Length, extractor);
        }

        /// <summary>The seeded test patches of every image of <paramref name="indices"/>, in order, each in 1 or 8 views.</summary>
        public PatchFeatures ScoringFeatures(int[] indices, bool dihedral, DeepFeatureNetwork extractor) =>
            Extract([.. indices.SelectMany(i => _testOffsets.Select(o => (i, o.Top, o.Left)))], dihedral ? 8 : 1, null, indices.Length, extractor);

        private PatchFeatures Extract(List<(int Image, int Top, int Left)> cuts, int views, int[]? labels, int images, DeepFeatureNetwork extractor)
        {
            var p = _patches.Size;
            var channels = _inputs.Input.Channels;
            var size = channels * p * p;
            // cut j in view v sits at row j·V + v: the views of one patch are adjacent.
            var data = new float[cuts.Count * views * size];
            for (var j = 0; j < cuts.Count; j++)
            {
                var (image, top, left) = cuts[j];
                var source = _inputs.Images[image];
                var patch = data.AsSpan(j * views * size, size);
                for (var c = 0; c < channels; c++)
                {
                    var plane = source.Plane(c);
                    for (var y = 0; y < p; y++)
                    {
                        var row = patch.Slice(((c * p) + y) * p, p);
                        plane.Slice(((top + y) * source.Width) + left, p).CopyTo(row);
                        for (var x = 0; x < p; x++)
                        {
                            row[x] *= _inputs.Input.Scale;
                        }
                    }
                }

                for (var v = 1; v < views; v++)
                {
                    var view = data.AsSpan(((j * views) + v) * size, size);
                    patch.CopyTo(view);
                    Dihedral.Apply(view, p, p, v);
                }
            }

            var (features, widths) = extractor.Extract(data, cuts.Count * views, channels, p);
            var rowLabels = labels is null ? new int[cuts.Count * views] : [.. cuts.SelectMany(cut => Enumerable.Repeat(labels[cut.Image], views))];
            return new PatchFeatures(features, widths.Sum(), rowLabels, images, widths);
        }

        private (int Top, int Left) Draw(Generator generator)
        {
            var first = _inputs.Images[0];
            return (generator.NextInt(first.Height - _patches.Size + 1), generator.NextInt(first.Width - _patches.Size + 1));
        }
    }
}
