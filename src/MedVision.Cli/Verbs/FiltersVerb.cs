using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision filters compare IN...</c>: seeds/001 Table 4 — MSE and PSNR of the adaptive median, median
/// and mean filters against the original images (files or folders of them), as a table or <c>--json</c>.
/// </summary>
internal static class FiltersVerb
{
    public static Command Create(CliContext context)
    {
        var inputs = new Argument<string[]>("IN") { Description = "Image files or folders of images", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Write the scores as JSON" };
        var size = new Option<int>("--size") { Description = "Median and mean window side", DefaultValueFactory = _ => 3 };
        var maxWindow = new Option<int>("--max-window") { Description = "Largest window of the adaptive median (odd)", DefaultValueFactory = _ => 7 };
        var dataRange = new Option<double>("--data-range") { Description = "Data range for PSNR (255 for 8-bit images)", DefaultValueFactory = _ => 255 };
        var compare = new Command("compare", "PSNR and MSE of adaptive median, median and mean filters against the originals (seeds/001 Table 4)")
        {
            inputs, json, size, maxWindow, dataRange,
        };
        compare.SetAction(parse =>
        {
            var options = new FilterComparisonOptions
            {
                MedianSize = parse.GetValue(size),
                MeanSize = parse.GetValue(size),
                AdaptiveMaxSize = parse.GetValue(maxWindow),
                DataRange = parse.GetValue(dataRange),
            };
            if (options.MedianSize < 1)
            {
                throw new UsageException($"--size must be ≥ 1, got {options.MedianSize}");
            }

            if (options.AdaptiveMaxSize < 3 || options.AdaptiveMaxSize % 2 == 0)
            {
                throw new UsageException($"--max-window must be an odd number ≥ 3, got {options.AdaptiveMaxSize}");
            }

            if (!(options.DataRange > 0))
            {
                throw new UsageException($"--data-range must be > 0, got {options.DataRange}");
            }

            var files = new List<string>();
            foreach (var path in parse.GetValue(inputs)!)
            {
                if (Directory.Exists(path))
                {
                    files.AddRange(PreprocessVerb.ImageFiles(path));
                }
                else if (File.Exists(path))
                {
                    files.Add(path);
                }
                else
                {
                    throw new UsageException($"IN '{path}' does not exist");
                }
            }

            if (files.Count == 0)
            {
                throw new UsageException("IN holds no readable images");
            }

            var scores = FilterComparison.Compare(files.Select(f => ImageFile.Read(f)), options);
            var best = scores.OrderBy(s => s.Mse).First();
            if (parse.GetValue(json))
            {
                var payload = new
                {
                    images = files.Count,
                    data_range = options.DataRange,
                    filters = scores.Select(s => new { name = s.Filter, settings = s.Settings, psnr = double.IsFinite(s.Psnr) ? s.Psnr : (double?)null, mse = s.Mse }),
                    best = best.Filter,
                };
                context.StdOut.WriteLine(JsonSerializer.Serialize(payload));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumn("filter").AddColumn("settings").AddColumn(new TableColumn("PSNR (dB)").RightAligned()).AddColumn(new TableColumn("MSE").RightAligned());
            foreach (var s in scores)
            {
                table.AddRow(
                    Markup.Escape(s.Filter), Markup.Escape(s.Settings),
                    double.IsFinite(s.Psnr) ? s.Psnr.ToString("F4", CultureInfo.InvariantCulture) : "∞",
                    s.Mse.ToString("F4", CultureInfo.InvariantCulture));
            }

            table.Caption($"{files.Count} image{(files.Count == 1 ? "" : "s")}, data range {options.DataRange.ToString(CultureInfo.InvariantCulture)}; closest to the originals: {best.Filter}");
            context.Out.Write(table);
            return ExitCodes.Success;
        });
        return new Command("filters", "Noise-filter studies") { compare };
    }
}
