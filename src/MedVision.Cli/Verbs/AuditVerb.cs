using System.CommandLine;
using MedVision.Data;
using MedVision.Pipeline.Experiments;
using MedVision.Reports.Json;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision audit DATA</c>: exact and near-duplicate images, groups filed under more than one split, and class
/// balance per split, for any data layout the project reads.
/// </summary>
internal static class AuditVerb
{
    public static Command Create(CliContext context)
    {
        var data = new Argument<string>("data") { Description = "Data folder (class folders, optionally under Train/Val/Test; MIAS mammograms with Info.txt), CSV manifest or candidate list, or .npz" };
        var json = new Option<bool>("--json") { Description = "Write the audit as JSON (the 'leakage' object of results.json)" };
        var pattern = new Option<string?>("--group-pattern") { Description = "Regex whose 'group' capture names the source of each file" };
        var noNear = new Option<bool>("--exact-only") { Description = "Skip the near-duplicate search" };
        var seed = new Option<int?>("--seed") { Description = "Seed of random ROIs and negative undersampling (default 0)" };
        var sources = new DataSourceOptions();
        var command = new Command("audit", "Find duplicate and near-duplicate images, groups across splits and class balance") { data, json, pattern, noNear, seed };
        sources.AddTo(command);
        command.SetAction(parse =>
        {
            var config = sources.Apply(parse, new ExperimentConfig { GroupPattern = parse.GetValue(pattern), Seed = parse.GetValue(seed) ?? 0 });
            var dataset = DatasetDiscovery.Discover(parse.GetRequiredValue(data), ExperimentRunner.DatasetOptionsOf(config));
            var store = ImageStore.Load(dataset);
            foreach (var note in dataset.Notes)
            {
                context.Error.MarkupLineInterpolated($"[grey]note:[/] {note}");
            }

            var report = store.Audit(parse.GetValue(noNear) ? ImageStore.AuditOptions with { PerceptualKey = null } : ImageStore.AuditOptions);
            if (parse.GetValue(json))
            {
                context.StdOut.WriteLine(ResultsJson.Serialize(report));
                return ExitCodes.Success;
            }

            context.Out.MarkupLineInterpolated($"[bold]{dataset.Name}[/]: {dataset.Samples.Count} images, {dataset.Samples.Select(s => s.Group).Distinct().Count()} groups; {report.Method}");
            var balance = new Table().AddColumn("split").AddColumn("images");
            foreach (var name in dataset.ClassNames)
            {
                balance.AddColumn(name);
            }

            foreach (var split in report.ClassBalance)
            {
                var row = new List<string> { split.Split, split.Samples.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                row.AddRange(dataset.ClassNames.Select((_, label) => split.Counts.TryGetValue(label, out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0"));
                balance.AddRow([.. row.Select(Markup.Escape)]);
            }

            context.Out.Write(balance);
            context.Out.MarkupLineInterpolated($"exact duplicate sets: {report.ExactDuplicates.Count} ({report.ExactDuplicates.Sum(s => s.Ids.Count)} images), across splits: {report.DuplicatesAcrossSplits}");
            foreach (var set in report.ExactDuplicates)
            {
                context.Out.MarkupLineInterpolated($"  = {string.Join("  ", set.Ids)}{(set.CrossesSplits ? "  [red](crosses splits)[/]" : "")}");
            }

            context.Out.MarkupLineInterpolated($"near-duplicate pairs: {report.NearDuplicates.Count}");
            foreach (var pair in report.NearDuplicates.Take(50))
            {
                context.Out.MarkupLineInterpolated($"  ≈ {pair.IdA}  {pair.IdB}  (Hamming {pair.Hamming}, r = {pair.Correlation:0.000}){(pair.CrossesSplits ? "  (crosses splits)" : "")}");
            }

            context.Out.MarkupLineInterpolated($"groups under more than one split: {report.GroupsAcrossSplits.Count}");
            foreach (var g in report.GroupsAcrossSplits.Take(50))
            {
                context.Out.MarkupLineInterpolated($"  {g.Group}: {string.Join(", ", g.Splits)} ({g.Samples} images)");
            }

            context.Out.MarkupLine($"groups after merging duplicates: {report.MergedGroupCount.ToString(System.Globalization.CultureInfo.InvariantCulture)}; {(report.Clean ? "[green]clean[/]" : "[yellow]leaks found[/]")}");
            foreach (var warning in report.Warnings)
            {
                context.Error.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
