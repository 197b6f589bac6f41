using System.CommandLine;
using System.Diagnostics;
using MedVision.Pipeline.Experiments;
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
        var outcome = new ExperimentRunner(config, new SynchronousProgress(message => context.Error.MarkupLineInterpolated($"[grey]{watch.Elapsed:mm\\:ss}[/] {message}"))).Run();
        var written = ExperimentWriter.Write(outcome, config.Out);
        var table = new Table().AddColumn("model").AddColumn("AUC").AddColumn("accuracy").AddColumn("sensitivity").AddColumn("specificity");
        foreach (var model in outcome.Results.Models)
        {
            var m = model.Metrics;
            table.AddRow(model.Name, Format(m.Auc), Format(m.Accuracy), Format(m.Sensitivity), Format(m.Specificity));
        }

        context.Out.Write(table);
        context.Error.MarkupLineInterpolated($"wrote {written.Count} files to {config.Out} in {watch.Elapsed.TotalSeconds:0.0} s (report.html, results.json)");
        return ExitCodes.Success;
    }

    private static string Format(Evaluation.MetricEstimate m) =>
        double.IsNaN(m.CiLow) ? $"{m.Value:0.000}" : $"{m.Value:0.000} ({m.CiLow:0.000}–{m.CiHigh:0.000})";

    /// <summary>Reports on the calling thread, in order (System.Progress posts to the thread pool and can reorder lines).</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
