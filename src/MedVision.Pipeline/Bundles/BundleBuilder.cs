using System.Text.Json;
using System.Text.Json.Nodes;
using MedVision.Data;
using MedVision.Evaluation;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Models;
using MedVision.Pipeline.Results;
using MedVision.Reports.Json;

namespace MedVision.Pipeline.Bundles;

/// <summary>
/// Makes the bundle of one model of a finished experiment (<see cref="ExperimentConfig.Bundle"/>): the first fold's
/// model, the single model of a fixed or hold-out split, or a refit on all images with the protocol's validation
/// carve-out. The Platt calibration is fitted on scores of images the bundled model did not learn from: a CNN's
/// validation images (used only for early stopping; a patch-trained CNN's scores are its per-image patch votes); for a
/// feature pipeline, which learns from its validation images too, the out-of-fold scores of a stratified grouped
/// 3-fold cross-validation over its training images (scikit-learn's <c>CalibratedClassifierCV(ensemble=False)</c>).
/// Platt scaling is binary: a bundle of K ≥ 3 classes gets a temperature instead (<see cref="TemperatureScaling"/>,
/// fitted on the same held-out scores), which makes the network's softmax (or the pipeline's) probabilities more or
/// less confident without changing the class they pick.
/// </summary>
internal static class BundleBuilder
{
    private const int CalibrationFolds = 3;

    /// <summary>The bundle of <paramref name="recipe"/>'s model; null when none is made.</summary>
    public static ModelBundle? Build(IModelRecipe recipe, ModelRun run, ModelResult result, ImageStore store, ExperimentPlan plan,
        IReadOnlyList<string> groups, ExperimentConfig config, IProgress<string>? progress)
    {
        if (config.Bundle == "none")
        {
            return null;
        }

        if (!recipe.CanBundle)
        {
            progress?.Report($"{recipe.Name}: no model bundle (the recipe cannot save its model)");
            return null;
        }

        FoldData fold;
        FoldRun trained;
        string which;
        var threshold = config.Evaluation.Threshold;
        string? thresholdFrom = null;
        if (plan.Folds.Count == 1 || config.Bundle == "fold")
        {
            (fold, trained) = (plan.Folds[0], run.Folds[0]);
            which = plan.Folds.Count == 1 ? "single split" : "fold 1";
            if (result.ValidationThreshold is { } chosen)
            {
                string? warning;
                (threshold, warning) = Storable(chosen.FoldThresholds[0], config.Evaluation.Threshold);
                if (warning is not null)
                {
                    progress?.Report($"{recipe.Name}: {warning}");
                }

                thresholdFrom = $"{chosen.Rule} on the {chosen.ValidationImages[0]} validation images of the {which}";
            }
        }
        else
        {
            var labels = store.Dataset.Samples.Select(s => s.Label).ToArray();
            var all = Enumerable.Range(0, labels.Length).ToArray();
            var index = plan.Folds.Count;
            var (train, validation) = ExperimentPlan.Carve(all, labels, groups, config.Protocol, config.Seed + index + 1);
            fold = new FoldData(index, train, validation, [], config.Seed + index)
            {
                CheckpointDirectory = Path.Combine(ExperimentRunner.CheckpointFolder(config), recipe.Name, "refit"),
                ScoreValidation = config.Evaluation.ThresholdRule is not null,
            };
            progress?.Report($"{recipe.Name}: refit on all {all.Length} images ({train.Length} train, {validation.Length} validation) for the bundle");
            trained = recipe.RunFold(store, fold, progress);
            which = "refit";
            if (config.Evaluation.ThresholdRule is { } rule)
            {
                string? warning;
                (threshold, warning) = ValidationThreshold.ChooseOne([.. validation.Select(i => labels[i])], trained.ValidationScores!, config.Evaluation);
                if (warning is null)
                {
                    (threshold, warning) = Storable(threshold, config.Evaluation.Threshold);
                }

                thresholdFrom = $"{rule} on the {validation.Length} validation images of the refit";
                if (warning is not null)
                {
                    progress?.Report($"{recipe.Name}: {warning}");
                }
            }
        }

        var metrics = (JsonObject)JsonSerializer.SerializeToNode(result.MetricsObject, ResultsJson.Options)!;
        metrics["protocol"] = plan.Description;
        if (thresholdFrom is not null)
        {
            metrics["threshold_from"] = thresholdFrom;
        }

        var manifest = new BundleManifest
        {
            Name = recipe.Name,
            Kind = recipe.Kind,
            Input = new InputSpec(1, null, null, 1f, config.Preprocess),
            ClassNames = store.Dataset.ClassNames,
            Threshold = threshold,
            Training = new TrainingSpec(which, fold.Train.Length, fold.Validation.Length),
            DataSha256 = store.ContentHash,
            Seed = fold.Seed,
            MedvisionVersion = Version,
            Metrics = metrics,
        };
        return Assemble(recipe, fold, trained, store, groups, manifest);
    }

    /// <summary>
    /// <paramref name="threshold"/> when a bundle can hold it (in [0, 1]), else <paramref name="fallback"/> with a warning.
    /// A rule that finds no cut better than calling every image negative returns the ROC curve's first threshold,
    /// above every score (scikit-learn's <c>roc_curve</c> convention), which is no probability.
    /// </summary>
    public static (double Threshold, string? Warning) Storable(double threshold, double fallback) =>
        threshold is >= 0 and <= 1
            ? (threshold, null)
            : (fallback, $"the validation rule's threshold {threshold:0.###} lies above every score (no cut beats calling every image negative); the bundle keeps {fallback}");

    /// <summary>The version of MedVision that writes bundles (<c>medvision_version</c>).</summary>
    public static string Version => typeof(BundleBuilder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// The bundle of <paramref name="trained"/>, the model <paramref name="recipe"/> fitted on <paramref name="fold"/>:
    /// <paramref name="manifest"/> (whose input names only the preprocessing chain) completed with the model's input,
    /// architecture, patch or feature settings, and the Platt calibration of a binary model (see the class summary).
    /// </summary>
    public static ModelBundle Assemble(IModelRecipe recipe, FoldData fold, FoldRun trained, ImageStore store, IReadOnlyList<string> groups, BundleManifest manifest) =>
        // The model learnt from its fold's training and validation images (a refit's fold holds every image).
        AssembleModel(recipe, fold, trained, store, groups, manifest)
            .WithTrainingImages(fold.Train.Concat(fold.Validation).Select(i => PixelFingerprint.Of(store.Images[i])));

    private static ModelBundle AssembleModel(IModelRecipe recipe, FoldData fold, FoldRun trained, ImageStore store, IReadOnlyList<string> groups, BundleManifest manifest)
    {
        var multiclass = store.Dataset.ClassNames.Count > 2;
        if (trained.Network is { } network)
        {
            manifest = manifest with
            {
                Architecture = network.Architecture,
                Input = network.Input with { Preprocess = manifest.Input.Preprocess },
            };
            var bundle = ModelBundle.ForNetwork(manifest, network.Model);
            var scores = Score(bundle, store, fold.Validation);
            return ModelBundle.ForNetwork(multiclass
                ? manifest with { Temperature = Temperature(store, fold.Validation, scores, "validation") }
                : manifest with { Calibration = Calibrate(store, fold.Validation, scores, "validation") }, network.Model);
        }

        if (trained.PatchModel is { } patches)
        {
            manifest = manifest with
            {
                Architecture = patches.Architecture,
                Patch = PatchSpec.Of(patches.Model, fold.Seed),
                Input = patches.Input with { Preprocess = manifest.Input.Preprocess },
            };
            var bundle = ModelBundle.ForNetwork(manifest, patches.Model);
            var scores = Score(bundle, store, fold.Validation);
            return ModelBundle.ForNetwork(multiclass
                ? manifest with { Temperature = Temperature(store, fold.Validation, scores, "validation") }
                : manifest with { Calibration = Calibrate(store, fold.Validation, scores, "validation") }, patches.Model);
        }

        if (trained.Features is { } features)
        {
            var sizes = fold.Train.Concat(fold.Validation).Select(i => (store.Images[i].Height, store.Images[i].Width)).Distinct().ToList();
            manifest = manifest with
            {
                Features = new FeatureSpec(features.Extractor.Name, FeatureExtractorState.Settings(features.Extractor), features.Pipeline.FeatureCount),
                Input = sizes.Count == 1 ? manifest.Input with { Height = sizes[0].Height, Width = sizes[0].Width } : manifest.Input,
            };
            var source = $"{CalibrationFolds}-fold cross-validation";
            var held = CrossValidatedScores(recipe, store, groups, [.. fold.Train, .. fold.Validation], fold.Seed);
            manifest = held is not { } h ? manifest
                : multiclass ? manifest with { Temperature = Temperature(store, h.Evaluated, h.Scores, source) }
                : manifest with { Calibration = Calibrate(store, h.Evaluated, h.Scores, source) };
            return ModelBundle.ForFeatures(manifest, features.Extractor, features.Pipeline);
        }

        if (trained.DeepFeatures is { } deep)
        {
            manifest = manifest with
            {
                Kind = BundleManifest.DeepFeaturesKind,
                Architecture = deep.Architecture,
                Features = FeatureSpec.Of(deep),
                Patch = PatchSpec.Of(deep, fold.Seed),
                Input = deep.Input with { Preprocess = manifest.Input.Preprocess },
            };
            // The pipeline learnt from the validation images too: calibrate on a cross-validation of the chosen layers and C, as for feature pipelines.
            var source = $"{CalibrationFolds}-fold cross-validation of the chosen layers and C";
            var calibrating = ((DeepFeatureRecipe)recipe).WithChoice(deep.Extractor.Layers, deep.C);
            var held = CrossValidatedScores(calibrating, store, groups, [.. fold.Train, .. fold.Validation], fold.Seed);
            manifest = held is not { } h ? manifest : manifest with { Calibration = Calibrate(store, h.Evaluated, h.Scores, source) };
            return ModelBundle.ForDeepFeatures(manifest, deep);
        }

        throw new InvalidOperationException($"{recipe.Name}: the recipe returned no trained model to bundle");
    }

    private static double[] Score(ModelBundle bundle, ImageStore store, int[] indices) =>
        bundle.PredictPrepared([.. indices.Select(i => bundle.Resized(store.Images[i]))]);

    private static CalibrationSpec? Calibrate(ImageStore store, int[] indices, double[] scores, string source)
    {
        var labels = indices.Select(i => store.Dataset.Samples[i].Label).ToArray();
        if (!labels.Contains(0) || !labels.Contains(1))
        {
            return null;
        }

        var platt = PlattCalibrator.FitPlatt(labels, scores);
        return new CalibrationSpec(platt.A, platt.B, source, indices.Length);
    }

    /// <summary>
    /// The temperature of K-class <paramref name="scores"/> (rows of class probabilities) of held-out images; null
    /// without any, or when the fit ran to a bound (a temperature at 0.01 or 100 says the images cannot pin it down).
    /// </summary>
    private static TemperatureSpec? Temperature(ImageStore store, int[] indices, double[] scores, string source)
    {
        if (indices.Length == 0)
        {
            return null;
        }

        var labels = indices.Select(i => store.Dataset.Samples[i].Label).ToArray();
        var fit = TemperatureScaling.FitProbabilities(labels, scores, store.Dataset.ClassNames.Count);
        return fit.Warnings.Count > 0 ? null : new TemperatureSpec(fit.Temperature, source, indices.Length);
    }

    /// <summary>
    /// Out-of-fold scores of <paramref name="indices"/> by a stratified grouped cross-validation of the recipe, or null
    /// when some class has fewer groups than folds.
    /// </summary>
    private static (int[] Evaluated, double[] Scores)? CrossValidatedScores(IModelRecipe recipe, ImageStore store, IReadOnlyList<string> groups, int[] indices, int seed)
    {
        var labels = indices.Select(i => store.Dataset.Samples[i].Label).ToArray();
        var partGroups = indices.Select(i => groups[i]).ToList();
        for (var c = 0; c < store.Dataset.ClassNames.Count; c++)
        {
            if (partGroups.Where((_, k) => labels[k] == c).Distinct().Count() < CalibrationFolds)
            {
                return null;
            }
        }

        var evaluated = new List<int>();
        var scores = new List<double>();
        foreach (var inner in new StratifiedGroupKFold(CalibrationFolds, shuffle: true, seed: (ulong)seed).Split(labels, partGroups))
        {
            int[] train = [.. inner.Train.Select(k => indices[k])];
            int[] test = [.. inner.Test.Select(k => indices[k])];
            scores.AddRange(recipe.RunFold(store, new FoldData(inner.Index, train, [], test, seed + inner.Index)).TestScores);
            evaluated.AddRange(test);
        }

        return ([.. evaluated], [.. scores]);
    }
}
