using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MedVision.Evaluation;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision metrics --scores FILE.csv</c>: every metric of a binary classifier from a <c>label,score[,group][,id]</c>
/// CSV, with bootstrap confidence intervals (stratified; whole groups when a group column is present), the DeLong AUC
/// interval, calibration (when scores are probabilities) and operating points at target sensitivity/specificity.
/// A table by default; <c>--json</c> writes one object whose metrics are <c>{ value, ci_low, ci_high }</c>.
/// A file with three or more <c>p_&lt;class&gt;</c> columns (an experiment's multi-class <c>predictions.csv</c>) gives the
/// K-class metrics instead (<see cref="MulticlassMetricEstimates"/>: macro and micro one-vs-rest AUC, accuracy, macro
/// sensitivity/specificity/precision/F1, MCC, kappa, per class, the K × K confusion matrix of the most probable class).
/// <c>--model NAME</c> picks one model's rows from a file of several (as <c>predictions.csv</c>).
/// </summary>
internal static class MetricsVerb
{
    public static Command Create(CliContext context)
    {
        var scores = new Option<string>("--scores") { Description = "CSV with a header and columns label (0/1), score, optional group and id", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "Predict positive when score ≥ threshold", DefaultValueFactory = _ => 0.5 };
        var targetSensitivity = new Option<double?>("--target-sensitivity") { Description = "Also report the operating point with at least this sensitivity (0–1)" };
        var targetSpecificity = new Option<double?>("--target-specificity") { Description = "Also report the operating point with at least this specificity (0–1)" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the intervals (0: none)", DefaultValueFactory = _ => 1000 };
        var method = new Option<string>("--ci-method") { Description = "Bootstrap interval: percentile or bca", DefaultValueFactory = _ => "percentile" };
        method.AcceptOnlyFromAmong("percentile", "bca");
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the intervals", DefaultValueFactory = _ => 0.95 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the bootstrap", DefaultValueFactory = _ => 0UL };
        var json = new Option<bool>("--json") { Description = "Write one JSON object (metrics as {value, ci_low, ci_high})" };
        var rule = new Option<string?>("--operating-point")
        {
            Description = "Also report the threshold chosen by youden (max sensitivity + specificity − 1) or best-accuracy (seeds/004's sweep 0, 0.01, …, 1)",
        };
        var model = new Option<string?>("--model") { Description = "The model whose rows to read, in a file of several (an experiment's predictions.csv)" };
        var command = new Command("metrics", "Metrics with confidence intervals from a CSV of labels and scores (or K class probabilities)")
        {
            scores, model, threshold, targetSensitivity, targetSpecificity, rule, bootstrap, method, confidence, seed, json,
        };
        command.SetAction(parse =>
        {
            var t = parse.GetValue(threshold);
            var resamples = parse.GetValue(bootstrap);
            var level = parse.GetValue(confidence);
            if (!double.IsFinite(t))
            {
                throw new UsageException($"--threshold must be a finite number, got {t}");
            }

            if (resamples is < 0 or 1)
            {
                throw new UsageException($"--bootstrap must be 0 (no intervals) or ≥ 2, got {resamples}");
            }

            if (level is <= 0 or >= 1)
            {
                throw new UsageException($"--confidence must be in (0, 1), got {level}");
            }

            var targets = new List<(ThresholdRule Rule, double Target, string Flag)>();
            foreach (var (option, rule) in new[] { (targetSensitivity, ThresholdRule.TargetSensitivity), (targetSpecificity, ThresholdRule.TargetSpecificity) })
            {
                if (parse.GetValue(option) is { } target)
                {
                    if (target is < 0 or > 1)
                    {
                        throw new UsageException($"{option.Name} must be in [0, 1], got {target}");
                    }

                    targets.Add((rule, target, option.Name));
                }
            }

            switch (parse.GetValue(rule))
            {
                case null:
                    break;
                case "youden":
                    targets.Add((ThresholdRule.Youden, 0.9, rule.Name));
                    break;
                case "best-accuracy":
                    targets.Add((ThresholdRule.BestAccuracy, 0.9, rule.Name));
                    break;
                case var other:
                    throw new UsageException($"--operating-point must be youden or best-accuracy, got '{other}'");
            }

            // The bootstrap of the flags, resampling whole groups when the file has them; null for --bootstrap 0.
            BootstrapOptions? Resampling(string[]? groups) => resamples == 0 ? null : new BootstrapOptions
            {
                Resamples = resamples,
                Confidence = level,
                Method = parse.GetValue(method) == "bca" ? BootstrapInterval.BCa : BootstrapInterval.Percentile,
                Seed = parse.GetValue(seed),
                Groups = groups,
            };

            var path = parse.GetValue(scores)!;
            if (File.Exists(path) && MulticlassScoreTable.IsMulticlass(path))
            {
                if (targets.Count > 0)
                {
                    throw new UsageException("--target-sensitivity, --target-specificity and --operating-point are binary; a file of K class probabilities is decided by the most probable class");
                }

                var k = MulticlassScoreTable.Read(path, parse.GetValue(model));
                WriteMulticlass(context, k, Resampling(k.Groups), level, parse.GetValue(json));
                return ExitCodes.Success;
            }

            var table = ScoreTable.Read(path, parse.GetValue(model));
            var options = Resampling(table.Groups);
            var metrics = options is null
                ? BinaryMetricEstimates.Compute(table.Labels, table.Scores, t)
                : BinaryMetricEstimates.Compute(table.Labels, table.Scores, t, options);
            var delong = DeLong.Auc(table.Labels, table.Scores, new DeLongOptions { Confidence = level });
            var points = targets.Select(x => OperatingPoints.Select(table.Labels, table.Scores, new OperatingPointOptions { Rule = x.Rule, Target = x.Target, Bootstrap = options })).ToList();
            var probabilities = table.Scores.All(s => s is >= 0 and <= 1);
            var reliability = probabilities ? ReliabilityCurve.Compute(table.Labels, table.Scores, 10, BinStrategy.Uniform) : null;
            var warnings = metrics.Warnings.Concat(delong.Warnings).Concat(points.SelectMany(p => p.Warnings)).Distinct(StringComparer.Ordinal).ToList();
            if (table.Groups is not null && options is null)
            {
                warnings.Add("group column present but --bootstrap 0: no intervals, groups unused");
            }

            if (parse.GetValue(json))
            {
                var result = new Dictionary<string, object?>
                {
                    ["source"] = table.Source,
                    ["n"] = table.Labels.Length,
                    ["positives"] = metrics.Positives,
                    ["groups"] = table.Groups?.Distinct(StringComparer.Ordinal).Count(),
                    ["threshold"] = t,
                    ["metrics"] = metrics,
                    ["auc_delong"] = delong.ToEstimate(),
                    ["calibration"] = reliability is null ? null : new Dictionary<string, double>
                    {
                        ["brier"] = reliability.BrierScore,
                        ["ece"] = reliability.ExpectedCalibrationError,
                    },
                    ["operating_points"] = points,
                    ["warnings"] = warnings,
                };
                context.StdOut.WriteLine(JsonSerializer.Serialize(result));
                return ExitCodes.Success;
            }

            WriteWarnings(context, warnings);
            var percent = Percent(level);
            var grid = new Table().AddColumn("metric").AddColumn("value").AddColumn($"{percent} CI");
            for (var i = 0; i < BinaryMetricEstimates.Names.Count; i++)
            {
                grid.AddRow(BinaryMetricEstimates.Names[i], Show(metrics.All[i].Value), Interval(metrics.All[i]));
            }

            grid.AddRow("auc (DeLong)", Show(delong.Auc), Interval(delong.ToEstimate()));
            if (reliability is not null)
            {
                grid.AddRow("brier", Show(reliability.BrierScore), "");
                grid.AddRow("ece (10 bins)", Show(reliability.ExpectedCalibrationError), "");
            }

            var m = metrics.Matrix;
            context.StdOut.WriteLine($"{table.Source}: n = {metrics.Count}, positives = {metrics.Positives}; at threshold {Show(t)}: TP {m.TruePositives}, FP {m.FalsePositives}, TN {m.TrueNegatives}, FN {m.FalseNegatives}");
            context.StdOut.WriteLine($"intervals: {metrics.Interval}");
            context.Out.Write(grid);
            foreach (var p in points)
            {
                var heading = p.Rule switch
                {
                    ThresholdRule.TargetSensitivity => $"sensitivity ≥ {Show(p.Target ?? double.NaN)}",
                    ThresholdRule.TargetSpecificity => $"specificity ≥ {Show(p.Target ?? double.NaN)}",
                    ThresholdRule.Youden => "Youden's J",
                    _ => "best accuracy (sweep 0, 0.01, …, 1)",
                };
                var op = new Table().AddColumn(heading).AddColumn("value").AddColumn($"{percent} CI");
                foreach (var (name, e) in new[] { ("threshold", p.Threshold), ("sensitivity", p.Sensitivity), ("specificity", p.Specificity), ("precision", p.Precision), ("npv", p.Npv), ("accuracy", p.Accuracy) })
                {
                    op.AddRow(name, Show(e.Value), Interval(e));
                }

                context.Out.Write(op);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The K-class metrics of <paramref name="table"/>: a JSON object or tables of the summary, each class, and the confusion matrix.</summary>
    private static void WriteMulticlass(CliContext context, MulticlassScoreTable table, BootstrapOptions? options, double level, bool json)
    {
        var metrics = options is null
            ? MulticlassMetricEstimates.Compute(table.Labels, table.Probabilities, table.Classes)
            : MulticlassMetricEstimates.Compute(table.Labels, table.Probabilities, table.Classes, options);
        var warnings = metrics.Warnings.ToList();
        if (table.Groups is not null && options is null)
        {
            warnings.Add("group column present but --bootstrap 0: no intervals, groups unused");
        }

        if (json)
        {
            var result = new Dictionary<string, object?>
            {
                ["source"] = table.Source,
                ["n"] = table.Labels.Length,
                ["groups"] = table.Groups?.Distinct(StringComparer.Ordinal).Count(),
                ["metrics"] = metrics,
                ["warnings"] = warnings,
            };
            context.StdOut.WriteLine(JsonSerializer.Serialize(result));
            return;
        }

        WriteWarnings(context, warnings);
        var percent = Percent(level);
        context.StdOut.WriteLine($"{table.Source}: n = {metrics.Count}, {table.Classes.Count} classes ({string.Join(", ", table.Classes)}); the decision is the most probable class");
        context.StdOut.WriteLine($"intervals: {metrics.Interval}");
        var summary = new Table().AddColumn("metric").AddColumn("value").AddColumn($"{percent} CI");
        for (var i = 0; i < MulticlassMetricEstimates.Names.Count; i++)
        {
            summary.AddRow(MulticlassMetricEstimates.Names[i], Show(metrics.All[i].Value), Interval(metrics.All[i]));
        }

        context.Out.Write(summary);
        var perClass = new Table().AddColumn("class").AddColumn("support");
        foreach (var name in MulticlassMetricEstimates.ClassNames)
        {
            perClass.AddColumn(name);
        }

        foreach (var c in metrics.PerClass)
        {
            perClass.AddRow([Markup.Escape(c.Class), c.Support.ToString(CultureInfo.InvariantCulture), .. new[] { c.Auc, c.Precision, c.Sensitivity, c.Specificity, c.F1 }.Select(e => Show(e.Value))]);
        }

        context.Out.Write(perClass);
        var matrix = new Table().AddColumn("true \\ predicted");
        foreach (var name in table.Classes)
        {
            matrix.AddColumn(Markup.Escape(name));
        }

        for (var r = 0; r < table.Classes.Count; r++)
        {
            matrix.AddRow([Markup.Escape(table.Classes[r]), .. metrics.Matrix.Counts[r].Select(v => v.ToString(CultureInfo.InvariantCulture))]);
        }

        context.Out.Write(matrix);
    }

    /// <summary>Each warning on standard error, one line each.</summary>
    internal static void WriteWarnings(CliContext context, IEnumerable<string> warnings)
    {
        foreach (var warning in warnings)
        {
            context.StdErr.WriteLine($"warning: {warning}");
        }
    }

    /// <summary>A confidence level as the CI column names it: 0.95 → "95%".</summary>
    internal static string Percent(double level) => level.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);

    internal static string Show(double value) => double.IsNaN(value) ? "NaN" : value.ToString("0.0000", CultureInfo.InvariantCulture);

    internal static string Interval(MetricEstimate e) => e.HasInterval ? $"{Show(e.CiLow)} – {Show(e.CiHigh)}" : "";
}
