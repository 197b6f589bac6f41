using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MedVision.Pipeline.Experiments;
using MedVision.Reports.Figures;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary><c>medvision experiment</c>: one command from a folder of images to results.json, report.html and tables.</summary>
internal static class ExperimentVerb
{
    public static Command Create(CliContext context)
    {
        var options = new ExperimentOptions();
        var command = new Command("experiment", "Train and evaluate models on a data set; write results.json, report.html and tables to --out");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var config = options.Build(parse, new ExperimentConfig());
            if (config.Data is null)
            {
                throw new UsageException("--data (or data: in --config) is required; 'medvision demo' runs on generated data");
            }

            return Run(context, config);
        });
        return command;
    }

    /// <summary>Runs <paramref name="config"/>, printing progress to stderr and the metric table to stdout.</summary>
    public static int Run(CliContext context, ExperimentConfig config)
    {
        if (config.Threads > 0)
        {
            Tensors.Parallelism.Threads = config.Threads;
        }

        var watch = Stopwatch.StartNew();
        var lines = new SynchronousProgress<string>(message => context.Error.MarkupLineInterpolated($"[grey]{watch.Elapsed:mm\\:ss}[/] {message}"));
        var outcome = context.Error.Profile.Capabilities.Interactive
            ? RunWithProgressBars(context, config, lines)
            : new ExperimentRunner(config, lines).Run();
        var written = ExperimentWriter.Write(outcome, config.Out);
        var table = new Table().AddColumn("model").AddColumn("AUC").AddColumn("accuracy").AddColumn("sensitivity").AddColumn("specificity");
        foreach (var model in outcome.Results.Models)
        {
            // K classes: macro one-vs-rest AUC, sensitivity and specificity (results.json's meaning of the keys).
            var (auc, accuracy, sensitivity, specificity) = model.MulticlassMetrics is { } k
                ? (k.Auc, k.Accuracy, k.Sensitivity, k.Specificity)
                : (model.Metrics.Auc, model.Metrics.Accuracy, model.Metrics.Sensitivity, model.Metrics.Specificity);
            table.AddRow(model.Name, Format(auc), Format(accuracy), Format(sensitivity), Format(specificity));
        }

        context.Out.Write(table);
        context.Error.MarkupLineInterpolated($"wrote {written.Count} files to {config.Out} in {watch.Elapsed.TotalSeconds:0.0} s (report.html, results.json, figures/)");
        WarnWithoutPngFigures(context);

        return ExitCodes.Success;
    }

    /// <summary>
    /// Runs with one progress bar per model and fold on an interactive terminal: epochs done, ETA, and the last epoch's
    /// training/validation loss and accuracy. Other progress lines print above the bars.
    /// </summary>
    private static ExperimentOutcome RunWithProgressBars(CliContext context, ExperimentConfig config, IProgress<string> lines)
    {
        ExperimentOutcome? outcome = null;
        context.Error.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progress =>
            {
                var tasks = new Dictionary<(string, int), ProgressTask>();
                var epochs = new SynchronousProgress<TrainingProgress>(t =>
                {
                    if (!tasks.TryGetValue((t.Model, t.Fold), out var task))
                    {
                        // A new fold starts: an earlier one that stopped early is done.
                        foreach (var done in tasks.Values)
                        {
                            done.Value = done.MaxValue;
                        }

                        task = progress.AddTask(Markup.Escape($"{t.Model} fold {t.Fold + 1}/{t.Folds}"), maxValue: t.Epoch.Epochs);
                        tasks[(t.Model, t.Fold)] = task;
                    }

                    var e = t.Epoch;
                    task.Value = e.Epoch;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"{t.Model} {t.Fold + 1}/{t.Folds} epoch {e.Epoch}/{e.Epochs} loss {e.TrainLoss:0.000}/{e.ValidationLoss:0.000} acc {e.TrainAccuracy:0.000}/{e.ValidationAccuracy:0.000}"));
                });
                outcome = new ExperimentRunner(config, lines, epochs).Run();
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                }
            });
        return outcome!;
    }

    private static string Format(Evaluation.MetricEstimate m) =>
        double.IsNaN(m.CiLow) ? $"{m.Value:0.000}" : $"{m.Value:0.000} ({m.CiLow:0.000}–{m.CiHigh:0.000})";

    /// <summary>Reports on the calling thread, in order (System.Progress posts to the thread pool and can reorder lines).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>Says why <c>figures/</c> holds SVGs only, when PNGs could not be rendered on this system.</summary>
    internal static void WarnWithoutPngFigures(CliContext context)
    {
        if (FigureWriter.PngUnavailableReason() is { } reason)
        {
            context.Error.MarkupLineInterpolated($"[yellow]warning:[/] {reason}");
        }
    }
}
