using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MedVision.Evaluation;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision compare A.csv B.csv</c>: two models scored on the same cases (matched by an <c>id</c> column when both
/// files have one, by row otherwise). The paired DeLong test of the AUCs (difference with its interval, z, p) and
/// McNemar's test of the accuracies at <c>--threshold</c> (exact binomial below 25 discordant pairs, chi-square with
/// continuity correction otherwise).
/// </summary>
internal static class CompareVerb
{
    public static Command Create(CliContext context)
    {
        var fileA = new Argument<string>("A") { Description = "CSV of model A: label, score[, id]" };
        var fileB = new Argument<string>("B") { Description = "CSV of model B on the same cases" };
        var threshold = new Option<double>("--threshold") { Description = "Predict positive when score ≥ threshold (McNemar)", DefaultValueFactory = _ => 0.5 };
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the intervals", DefaultValueFactory = _ => 0.95 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object" };
        var command = new Command("compare", "Compare two models on the same cases: DeLong test of AUCs, McNemar test of accuracies")
        {
            fileA, fileB, threshold, confidence, json,
        };
        command.SetAction(parse =>
        {
            var t = parse.GetValue(threshold);
            var level = parse.GetValue(confidence);
            if (!double.IsFinite(t))
            {
                throw new UsageException($"--threshold must be a finite number, got {t}");
            }

            if (level is <= 0 or >= 1)
            {
                throw new UsageException($"--confidence must be in (0, 1), got {level}");
            }

            var a = ScoreTable.Read(parse.GetValue(fileA)!);
            var b = ScoreTable.Read(parse.GetValue(fileB)!);
            var (labels, scoresA, scoresB) = ScoreTable.Pair(a, b);
            var options = new DeLongOptions { Confidence = level };
            var aucA = DeLong.Auc(labels, scoresA, options);
            var aucB = DeLong.Auc(labels, scoresB, options);
            var delong = DeLong.Compare(labels, scoresA, scoresB, options);
            var mcnemar = McNemar.Test(labels, scoresA, scoresB, t);
            var matchedBy = a.Ids is not null && b.Ids is not null ? "id" : "row";
            var warnings = aucA.Warnings.Concat(delong.Warnings).Distinct(StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                var result = new Dictionary<string, object?>
                {
                    ["a"] = a.Source,
                    ["b"] = b.Source,
                    ["n"] = labels.Length,
                    ["matched_by"] = matchedBy,
                    ["auc_a"] = aucA.ToEstimate(),
                    ["auc_b"] = aucB.ToEstimate(),
                    ["auc_difference"] = new MetricEstimate(delong.Difference, delong.CiLow, delong.CiHigh),
                    ["delong"] = new Dictionary<string, double?>
                    {
                        ["z"] = Finite(delong.Z),
                        ["p"] = Finite(delong.P),
                        ["correlation"] = Finite(delong.Correlation),
                    },
                    ["mcnemar"] = new Dictionary<string, object?>
                    {
                        ["threshold"] = t,
                        ["accuracy_a"] = Finite(mcnemar.AccuracyA),
                        ["accuracy_b"] = Finite(mcnemar.AccuracyB),
                        ["b"] = mcnemar.B,
                        ["c"] = mcnemar.C,
                        ["statistic"] = mcnemar.Statistic,
                        ["p"] = mcnemar.P,
                        ["method"] = mcnemar.Method,
                    },
                    ["warnings"] = warnings,
                };
                context.StdOut.WriteLine(JsonSerializer.Serialize(result));
                return ExitCodes.Success;
            }

            MetricsVerb.WriteWarnings(context, warnings);
            var percent = MetricsVerb.Percent(level);
            var grid = new Table().AddColumn("").AddColumn("value").AddColumn($"{percent} CI");
            grid.AddRow("AUC A", MetricsVerb.Show(aucA.Auc), MetricsVerb.Interval(aucA.ToEstimate()));
            grid.AddRow("AUC B", MetricsVerb.Show(aucB.Auc), MetricsVerb.Interval(aucB.ToEstimate()));
            grid.AddRow("AUC A − B (DeLong)", MetricsVerb.Show(delong.Difference), MetricsVerb.Interval(new MetricEstimate(delong.Difference, delong.CiLow, delong.CiHigh)));
            grid.AddRow("DeLong z / p", $"{MetricsVerb.Show(delong.Z)} / {P(delong.P)}", "");
            grid.AddRow($"accuracy A / B at {MetricsVerb.Show(t)}", $"{MetricsVerb.Show(mcnemar.AccuracyA)} / {MetricsVerb.Show(mcnemar.AccuracyB)}", "");
            grid.AddRow($"McNemar ({mcnemar.Method}) b / c", $"{mcnemar.B} / {mcnemar.C}", "");
            grid.AddRow("McNemar statistic / p", $"{MetricsVerb.Show(mcnemar.Statistic)} / {P(mcnemar.P)}", "");
            context.StdOut.WriteLine($"{a.Source} vs {b.Source}: {labels.Length} cases matched by {matchedBy}");
            context.Out.Write(grid);
            return ExitCodes.Success;
        });
        return command;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string P(double p) => double.IsNaN(p) ? "NaN" : p < 1e-4 ? p.ToString("0.0e+0", CultureInfo.InvariantCulture) : p.ToString("0.0000", CultureInfo.InvariantCulture);
}
