using System.Diagnostics;
using System.Runtime.InteropServices;
using MedVision.Data;
using MedVision.Data.Synthetic;
using MedVision.Evaluation;
using MedVision.Imaging.Preprocessing;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Models;
using MedVision.Pipeline.Results;

namespace MedVision.Pipeline.Experiments;

/// <summary>
/// Runs a study (docs/architecture.md, "How an experiment flows"): discover → audit → preprocess → split → fit every
/// model on every fold → evaluate the pooled held-out predictions with bootstrap intervals → compare models.
/// </summary>
public sealed class ExperimentRunner
{
    private readonly ExperimentConfig _config;
    private readonly IProgress<string>? _progress;
    private readonly EpochRelay _epochs;

    /// <summary>
    /// A runner of <paramref name="config"/> reporting steps as lines to <paramref name="progress"/>. Training epochs go to
    /// <paramref name="training"/> when given (a progress bar), else as lines to <paramref name="progress"/>.
    /// </summary>
    public ExperimentRunner(ExperimentConfig config, IProgress<string>? progress = null, IProgress<TrainingProgress>? training = null)
    {
        ExperimentConfigLoader.Validate(config);
        _config = config;
        _progress = progress;
        _epochs = new EpochRelay(progress, training);
    }

    /// <summary>Loads the configured data (the built-in phantom when <c>Data</c> is null).</summary>
    public static ImageStore LoadData(ExperimentConfig config)
    {
        if (config.Data is null)
        {
            var generated = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = config.PhantomRegionsPerClass, Seed = config.Seed });
            var dataset = PositiveClass.Apply(new Dataset("phantom", "(generated)", MicrocalcificationPhantom.ClassNames, [.. generated.Select(g => g.Sample)]), config.PositiveClass);
            return Preprocess(ImageStore.FromImages(dataset, [.. generated.Select(g => g.Image)]), config);
        }

        var discovered = PositiveClass.Apply(DatasetDiscovery.Discover(config.Data, DatasetOptionsOf(config)), config.PositiveClass);
        return Preprocess(ImageStore.Load(discovered), config);
    }

    /// <summary>The store after the config's preprocessing chain (model bundles record the chain and apply it to new images).</summary>
    private static ImageStore Preprocess(ImageStore store, ExperimentConfig config)
    {
        if (string.IsNullOrWhiteSpace(config.Preprocess))
        {
            return store;
        }

        try
        {
            return store.Map(PreprocessChain.Parse(config.Preprocess).Apply);
        }
        catch (PreprocessChainException e)
        {
            throw new ExperimentConfigException($"preprocess: {e.Message}");
        }
    }

    /// <summary>The discovery options a config names: group pattern and file, MIAS and LUNA settings, and its seed.</summary>
    public static DatasetOptions DatasetOptionsOf(ExperimentConfig config) => new()
    {
        GroupPattern = config.GroupPattern,
        Groups = config.Groups,
        Annotations = config.Annotations,
        Volumes = config.Volumes,
        Seed = config.Seed,
        Mias = config.Mias,
        Luna = config.Luna,
    };

    /// <summary><c>&lt;out&gt;/checkpoints</c>: where CNN folds keep their checkpoints (<c>&lt;model&gt;/fold-&lt;k&gt;/</c>) until the run is written.</summary>
    public static string CheckpointFolder(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Path.Combine(config.Out, "checkpoints");
    }

    /// <summary>Runs the study; CNN folds resume from checkpoints under <see cref="CheckpointFolder"/> left by an interrupted run.</summary>
    public ExperimentOutcome Run()
    {
        var store = LoadData(_config);
        var dataset = store.Dataset;
        if (dataset.ClassNames.Count < 2)
        {
            throw new ExperimentConfigException(
                $"{dataset.Root}: an experiment needs at least two classes; found {dataset.ClassNames.Count} ({string.Join(", ", dataset.ClassNames)})");
        }

        MulticlassEvaluation.CheckModels(_config, dataset);
        if (dataset.ClassNames.Count > 2 && _config.Evaluation.ThresholdRule is { } rule)
        {
            throw new ExperimentConfigException($"evaluation.threshold_rule {rule} chooses a binary threshold; {dataset.Root} has {dataset.ClassNames.Count} classes (decisions are the most probable class)");
        }

        _progress?.Report($"{dataset.Samples.Count} images, classes {string.Join(" / ", dataset.ClassNames)}");
        foreach (var note in dataset.Notes)
        {
            _progress?.Report(note);
        }

        var leakage = Audit(store);
        var groups = _config.MergeDuplicates && leakage.MergedGroups.Count == dataset.Samples.Count
            ? leakage.MergedGroups
            : [.. dataset.Samples.Select(s => s.Group)];
        var plan = ExperimentPlan.Create(dataset, groups, _config.Protocol, _config.Seed);
        _progress?.Report($"protocol: {new ProtocolChoice(plan.Kind, plan.Reason).Title(_config.Protocol)} ({plan.Reason})");
        var recipes = _config.Models.Select(m => ModelCatalog.Create(m, store, _epochs)).ToList();
        var runs = recipes.Select(r => RunModel(r, store, plan)).ToList();
        var multiclass = dataset.ClassNames.Count > 2;
        var labels = dataset.Samples.Select(s => s.Label).ToArray();
        var models = runs.Select(r => multiclass
            ? MulticlassEvaluation.Evaluate(r, plan, labels, groups, dataset.ClassNames, _config.Evaluation, _config.Seed)
            : Evaluate(r, plan, labels, groups, _config.Evaluation, _config.Seed)).ToList();
        var threads = _config.Threads == 0 ? Environment.ProcessorCount : _config.Threads;
        var results = new ExperimentResults
        {
            MedvisionVersion = typeof(ExperimentRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Dataset = new DatasetSummary(dataset.Name, dataset.Root, dataset.ClassNames, dataset.Samples.Count, groups.Distinct().Count(),
                dataset.ClassCountsBySplit(), store.ContentHash)
            { PositiveClass = multiclass ? null : dataset.ClassNames[1] },
            Protocol = new ProtocolSummary(plan.Kind, plan.Folds.Count, _config.Protocol.Grouped, _config.Protocol.ValidationFraction, _config.Seed, plan.Description) { Reason = plan.Reason },
            Leakage = leakage,
            Models = models,
            Comparisons = multiclass ? MulticlassEvaluation.Compare(runs, labels, dataset.ClassNames) : Compare(runs, models, labels),
            Reproducibility = new ReproducibilityRecord(
                Environment.CommandLine, _config.Seed, threads, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, "config.yaml")
            { Rerun = ReproducibilityRecord.RerunCommand(_config, threads) },
        };
        var bundles = recipes.Select((r, m) => BundleBuilder.Build(r, runs[m], results.Models[m], store, plan, groups, _config, _progress))
            .OfType<ModelBundle>().ToList();
        return new ExperimentOutcome(_config, store, groups, plan, leakage, results, runs, bundles);
    }

    private LeakageReport Audit(ImageStore store)
    {
        var report = store.Audit();
        _progress?.Report($"leakage audit: {report.ExactDuplicates.Count} exact duplicate sets, {report.NearDuplicates.Count} near-duplicate pairs");
        return report;
    }

    private ModelRun RunModel(IModelRecipe recipe, ImageStore store, ExperimentPlan plan)
    {
        var folds = new List<FoldRun>();
        var evaluated = new List<int>();
        var scores = new List<double>();
        var foldOf = new List<int>();
        var columns = ScoreColumns.Of(store.Dataset.ClassNames.Count);
        foreach (var fold in plan.Folds)
        {
            _progress?.Report($"{recipe.Name}: fold {fold.Index + 1}/{plan.Folds.Count} ({fold.Train.Length} train, {fold.Validation.Length} validation, {fold.Test.Length} test)");
            var watch = Stopwatch.StartNew();
            (_epochs.Model, _epochs.Fold, _epochs.Folds) = (recipe.Name, fold.Index, plan.Folds.Count);
            var run = recipe.RunFold(store, fold with
            {
                CheckpointDirectory = Path.Combine(CheckpointFolder(_config), recipe.Name, $"fold-{fold.Index + 1}"),
                ScoreValidation = _config.Evaluation.ThresholdRule is not null,
            }, _progress);
            if (run.TestScores.Length != fold.Test.Length * columns)
            {
                throw new InvalidOperationException($"{recipe.Name} returned {run.TestScores.Length} scores for {fold.Test.Length} test images ({columns} each)");
            }

            folds.Add(run with { Seconds = watch.Elapsed.TotalSeconds });
            evaluated.AddRange(fold.Test);
            scores.AddRange(run.TestScores);
            foldOf.AddRange(Enumerable.Repeat(fold.Index, fold.Test.Length));
        }

        return new ModelRun(recipe.Name, recipe.Kind, [.. evaluated], [.. scores], [.. foldOf], folds) { Columns = columns };
    }

    /// <summary>The pooled held-out metrics, per-fold results and curves of one model's run (also used for external test sets).</summary>
    internal static ModelResult Evaluate(ModelRun run, ExperimentPlan plan, int[] labels, IReadOnlyList<string> groups, EvaluationConfig e, int seed)
    {
        var y = run.Evaluated.Select(i => labels[i]).ToArray();
        var evaluatedGroups = run.Evaluated.Select(i => groups[i]).ToList();
        var bootstrap = new BootstrapOptions { Resamples = e.Bootstrap, Confidence = e.Confidence, Groups = evaluatedGroups, Seed = (ulong)seed };
        var chosen = ValidationThreshold.Choose(run, plan, labels, e);
        var metrics = chosen?.Metrics(y, run.Scores, run.FoldOf, e.Bootstrap > 0 ? bootstrap : null)
            ?? (e.Bootstrap > 0
                ? BinaryMetricEstimates.Compute(y, run.Scores, e.Threshold, bootstrap)
                : BinaryMetricEstimates.Compute(y, run.Scores, e.Threshold));

        // An operating point chosen on the test predictions is descriptive only; with a validation rule it is not reported.
        OperatingPoint? point = chosen is null && e.TargetSensitivity is { } target
            ? OperatingPoints.Select(y, run.Scores, new OperatingPointOptions { Rule = ThresholdRule.TargetSensitivity, Target = target, Bootstrap = e.Bootstrap > 0 ? bootstrap : null })
            : null;
        var perFold = new List<(int[] Labels, double[] Scores)>();
        var foldResults = new List<FoldResult>();
        for (var f = 0; f < run.Folds.Count; f++)
        {
            var idx = Enumerable.Range(0, run.Evaluated.Length).Where(i => run.FoldOf[i] == f).ToArray();
            var fy = idx.Select(i => y[i]).ToArray();
            var fs = idx.Select(i => run.Scores[i]).ToArray();
            perFold.Add((fy, fs));
            var fold = run.Folds[f];
            foldResults.Add(new FoldResult(f + 1, plan.Folds[f].Train.Length + plan.Folds[f].Validation.Length, idx.Length, RocCurve.AucOnly(fy, fs), ThresholdMetrics.Compute(fy, fs, chosen?.FoldThresholds[f] ?? e.Threshold).Accuracy,
                fold.History?.BestEpoch + 1, fold.Seconds));
        }

        var roc = CrossValidatedRoc.Compute(perFold);
        return new ModelResult
        {
            Name = run.Name,
            Kind = run.Kind,
            Metrics = metrics,
            OperatingPoint = point,
            ValidationThreshold = chosen,
            Folds = foldResults,
            FoldAucMean = roc.MeanAuc,
            FoldAucStd = roc.StdAuc,
            Brier = ReliabilityCurve.Brier(y, run.Scores),
            ExpectedCalibrationError = ReliabilityCurve.ExpectedCalibrationErrorOf(y, run.Scores),
            TrainSeconds = run.Folds.Sum(f => f.Seconds),
            Scores = run.Scores,
            Roc = roc,
            Histories = [.. run.Folds.Where(f => f.History is not null).Select(f => f.History!)],
        };
    }

    private List<ComparisonResult> Compare(IReadOnlyList<ModelRun> runs, IReadOnlyList<ModelResult> models, int[] labels)
    {
        // McNemar compares decisions: at each fold's validation threshold when one was chosen.
        (double[] Scores, double Threshold) Decided(int m) => models[m].ValidationThreshold is { } chosen
            ? (chosen.Decisions(runs[m].Scores, runs[m].FoldOf), 0.5)
            : (runs[m].Scores, _config.Evaluation.Threshold);

        var comparisons = new List<ComparisonResult>();
        for (var a = 0; a < runs.Count; a++)
        {
            for (var b = a + 1; b < runs.Count; b++)
            {
                // Both runs evaluate the same cases in the same order: the plan is shared.
                var y = runs[a].Evaluated.Select(i => labels[i]).ToArray();
                var delong = DeLong.Compare(y, runs[a].Scores, runs[b].Scores, new DeLongOptions { Confidence = _config.Evaluation.Confidence });
                var (decidedA, threshold) = Decided(a);
                var mcnemar = McNemar.Test(y, decidedA, Decided(b).Scores, threshold);
                comparisons.Add(new ComparisonResult(runs[a].Name, runs[b].Name, delong.Difference, delong.CiLow, delong.CiHigh, delong.P, mcnemar.P));
            }
        }

        return comparisons;
    }

    /// <summary>Forwards the trainer's per-epoch reports, tagged with the model and fold being trained, or as progress lines.</summary>
    private sealed class EpochRelay(IProgress<string>? lines, IProgress<TrainingProgress>? training) : IProgress<Training.EpochReport>
    {
        public string Model { get; set; } = "";

        public int Fold { get; set; }

        public int Folds { get; set; }

        public void Report(Training.EpochReport e)
        {
            if (training is not null)
            {
                training.Report(new TrainingProgress(Model, Fold, Folds, e));
                return;
            }

            lines?.Report(
                $"  epoch {e.Epoch}/{e.Epochs}: loss {e.TrainLoss:0.000}, accuracy {e.TrainAccuracy:0.000}; validation loss {e.ValidationLoss:0.000}, accuracy {e.ValidationAccuracy:0.000}{(double.IsNaN(e.ValidationAuc) ? "" : $", AUC {e.ValidationAuc:0.000}")} ({e.Seconds:0.0} s)");
        }
    }
}
