using System.CommandLine;
using MedVision.Data;
using MedVision.Pipeline.Experiments;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision split DATA --out DIR [--test 0.2] [--val 0] [--group-pattern RE] [--grouped false] [--link] [--seed N]</c>:
/// writes any data set the project reads as a <c>Train/[Val/]Test/&lt;class&gt;/</c> folder tree (seeds/004's layout),
/// split by a stratified group hold-out with duplicate images merged into one group, plus <c>split.csv</c>.
/// </summary>
internal static class SplitVerb
{
    public static Command Create(CliContext context)
    {
        var data = new Argument<string>("data") { Description = "Data folder (class folders, optionally under Train/Val/Test; MIAS mammograms with Info.txt), CSV manifest or candidate list, or .npz" };
        var output = new Option<string>("--out") { Description = "New (or empty) folder for the Train/Val/Test tree", Required = true };
        var test = new Option<double>("--test") { Description = "Share of the images for Test/", DefaultValueFactory = _ => 0.2 };
        var val = new Option<double>("--val") { Description = "Share of the images for Val/ (0: no Val folder)", DefaultValueFactory = _ => 0 };
        var pattern = new Option<string?>("--group-pattern") { Description = "Regex whose 'group' capture names the source of each file; a group never spans two splits" };
        var grouped = new Option<bool>("--grouped") { Description = "Keep each group (after merging duplicate images) in one split; false splits images independently", DefaultValueFactory = _ => true };
        var link = new Option<bool>("--link") { Description = "Symbolic links to the source files instead of copies" };
        var seed = new Option<int>("--seed") { Description = "Seed of the split (and of random ROIs / negative undersampling)", DefaultValueFactory = _ => 0 };
        var sources = new DataSourceOptions();
        var command = new Command("split", "Write a data set as a Train/[Val/]Test class-folder tree by a stratified group hold-out")
        {
            data, output, test, val, pattern, grouped, link, seed,
        };
        sources.AddTo(command);
        command.SetAction(parse =>
        {
            var testShare = parse.GetValue(test);
            var valShare = parse.GetValue(val);
            if (!(testShare > 0 && testShare < 1))
            {
                throw new UsageException($"--test must be in (0, 1), got {testShare}");
            }

            if (!(valShare >= 0 && testShare + valShare < 1))
            {
                throw new UsageException($"--val must be ≥ 0 with --test + --val < 1, got --val {valShare} and --test {testShare}");
            }

            var folder = parse.GetValue(output)!;
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new UsageException($"--out '{folder}' is not empty; choose a new or empty folder");
            }

            var config = sources.Apply(parse, new ExperimentConfig { GroupPattern = parse.GetValue(pattern), Seed = parse.GetValue(seed) });
            var dataset = DatasetDiscovery.Discover(parse.GetRequiredValue(data), ExperimentRunner.DatasetOptionsOf(config));
            var entries = SplitTree.Write(ImageStore.Load(dataset), folder, new SplitTreeOptions
            {
                TestFraction = testShare,
                ValidationFraction = valShare,
                Grouped = parse.GetValue(grouped),
                Link = parse.GetValue(link),
                Seed = parse.GetValue(seed),
            });
            var table = new Table().AddColumn("split").AddColumn("images").AddColumn("groups");
            foreach (var name in dataset.ClassNames)
            {
                table.AddColumn(name);
            }

            foreach (var part in new[] { "Train", "Val", "Test" })
            {
                var rows = entries.Where(e => e.Split == part).ToList();
                if (rows.Count > 0)
                {
                    table.AddRow([part, $"{rows.Count}", $"{rows.Select(e => e.Group).Distinct().Count()}", .. dataset.ClassNames.Select((_, label) => $"{rows.Count(e => e.Label == label)}")]);
                }
            }

            context.Out.Write(table);
            context.Error.MarkupLineInterpolated($"wrote {entries.Count} images to {Path.GetFullPath(folder)} ({SplitTree.ManifestFile} lists them with their groups)");
            return ExitCodes.Success;
        });
        return command;
    }
}
