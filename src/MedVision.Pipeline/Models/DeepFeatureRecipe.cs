using System.Globalization;
using MedVision.Classical;
using MedVision.Classical.Preprocessing;
using MedVision.Data;
using MedVision.Nn;
using MedVision.Nn.Patches;
using MedVision.Pipeline.Experiments;

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
    private readonly string? _architecture;
    private readonly Func<int, Module> _network;
    private readonly Func<IReadOnlyDictionary<string, string>?, IClassifier> _classifier;
    private readonly DeepFeatureOptions _options;

    /// <param name="name">Model name, e.g. <c>imagenet-lr</c>.</param>
    /// <param name="architecture">Zoo name of the network <paramref name="network"/> builds, which a bundle rebuilds; null when it is no zoo network (no bundle is made).</param>
    /// <param name="network">Builds the frozen network for images of the given channels (weights loaded).</param>
    /// <param name="classifier">Makes an unfitted classifier with the given hyperparameters (C set when a grid is searched).</param>
    /// <param name="options">Patches, pooled layers, network input size and the validation grid.</param>
    public DeepFeatureRecipe(string name, string? architecture, Func<int, Module> network, Func<IReadOnlyDictionary<string, string>?, IClassifier> classifier,
        DeepFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Name = name;
        _architecture = architecture;
        _network = network;
        _classifier = classifier;
        _options = options;
    }

    public string Name { get; }

    public string Kind => "features";

    /// <summary>Whether the network is a zoo architecture, which a <c>deep-features</c> bundle rebuilds from its weights.</summary>
    public bool CanBundle => _architecture is not null;

    /// <summary>
    /// This recipe with one layer set and C (<paramref name="layers"/>, <paramref name="c"/>: NaN for the classifier's
    /// own), so that it needs no validation images: a bundle's calibration cross-validates the chosen model this way.
    /// </summary>
    public DeepFeatureRecipe WithChoice(IReadOnlyList<string> layers, double c) =>
        new(Name, _architecture, _network, _classifier, _options with { LayerSets = [layers], CValues = double.IsNaN(c) ? [] : [c] });

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
        var cutter = new DeepFeaturePatches(inputs.Images, inputs.Input.Scale, patches, (ulong)fold.Seed);
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
                var scores = Vote(model, validation!, Columns(candidate.Layers, widths), patches);
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
        var columns = Columns(chosen.Layers, widths);
        var test = fold.Test.Length == 0 ? [] : Vote(fitted, cutter.ScoringFeatures(fold.Test, patches.DihedralTestAugment, extractor), columns, patches);
        return new FoldRun(test)
        {
            ValidationScores = fold.ScoreValidation ? Vote(fitted, validation!, columns, patches) : null,
            DeepFeatures = _architecture is null ? null
                : new DeepFeatureModel(_architecture, inputs.Input, extractor.Pooling(chosen.Layers), fitted, patches, cutter.TestOffsets) { C = chosen.C },
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

    private static double[] Vote(IFittedClassifier model, PatchFeatures rows, IReadOnlyList<int> columns, PatchOptions patches) =>
        DeepFeatureModel.Vote(model, rows.Matrix(columns), rows.Images, patches);

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
}
