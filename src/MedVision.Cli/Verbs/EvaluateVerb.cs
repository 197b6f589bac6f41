using System.CommandLine;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision evaluate --model BUNDLE --data TEST [--out DIR] [--bootstrap N]</c>: a saved model on an external test
/// set (any layout <c>experiment</c> reads); writes results.json (protocol kind <c>external</c>), report.html and the
/// metric tables to <c>--out</c>.
/// </summary>
internal static class EvaluateVerb
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model bundle folder (runs/<study>/models/<model>)", Required = true };
        var data = new Option<string>("--data") { Description = "Test data: class folders (optionally under Train/Val/Test) or a CSV manifest", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "runs/evaluate" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for confidence intervals (0: none)", DefaultValueFactory = _ => 1000 };
        var groupPattern = new Option<string?>("--group-pattern") { Description = "Regex whose 'group' capture names the source of each file; bootstrap resamples whole groups" };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap", DefaultValueFactory = _ => 0 };
        var command = new Command("evaluate", "Evaluate a saved model bundle on an external test set; write results.json, report.html and tables to --out")
        {
            model, data, output, bootstrap, groupPattern, seed,
        };
        command.SetAction(parse =>
        {
            var resamples = parse.GetValue(bootstrap);
            if (resamples is < 0 or 1)
            {
                throw new UsageException($"--bootstrap must be 0 (no intervals) or ≥ 2, got {resamples}");
            }

            var dataPath = parse.GetValue(data)!;
            if (!File.Exists(dataPath) && !Directory.Exists(dataPath))
            {
                throw new UsageException($"--data '{dataPath}' does not exist");
            }

            var bundle = ModelBundle.Load(parse.GetValue(model)!);
            var progress = new Progress(message => context.Error.MarkupLineInterpolated($"{message}"));
            var outcome = ExternalEvaluation.Run(bundle, dataPath, new EvaluationConfig { Bootstrap = resamples }, parse.GetValue(seed), parse.GetValue(groupPattern), progress);
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var written = ExperimentWriter.Write(outcome, folder);
            var result = outcome.Results.Models[0];
            var table = new Table().AddColumn("model").AddColumn("n").AddColumn(result.IsMulticlass ? "macro AUC" : "AUC").AddColumn("accuracy")
                .AddColumn(result.IsMulticlass ? "macro sensitivity" : "sensitivity").AddColumn(result.IsMulticlass ? "macro specificity" : "specificity");
            if (result.MulticlassMetrics is { } k)
            {
                table.AddRow(bundle.Manifest.Name, $"{k.Count}", Format(k.Auc), Format(k.Accuracy), Format(k.Sensitivity), Format(k.Specificity));
            }
            else
            {
                var m = result.Metrics;
                table.AddRow(bundle.Manifest.Name, $"{m.Count}", Format(m.Auc), Format(m.Accuracy), Format(m.Sensitivity), Format(m.Specificity));
            }

            context.Out.Write(table);
            context.Error.MarkupLineInterpolated($"wrote {written.Count} files to {folder} (report.html, results.json, figures/)");
            ExperimentVerb.WarnWithoutPngFigures(context);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Format(Evaluation.MetricEstimate m) =>
        double.IsNaN(m.CiLow) ? $"{m.Value:0.000}" : $"{m.Value:0.000} ({m.CiLow:0.000}–{m.CiHigh:0.000})";

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
