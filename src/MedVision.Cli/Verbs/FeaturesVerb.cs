using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MedVision.Imaging;
using MedVision.Imaging.Features;
using MedVision.Imaging.Io;
using MedVision.Imaging.Wavelets;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision features wavelet|texture IN OUT.npy</c>: one float32 feature row per image of IN (an image file, or
/// every readable image under a folder, recursively, in ordinal order of the relative path), written as a
/// (rows, features) <c>.npy</c>; <c>OUT.files.txt</c> lists the images in row order. Images of one batch must share a size
/// when the feature count depends on it (wavelets).
/// </summary>
internal static class FeaturesVerb
{
    public static Command Create(CliContext context)
    {
        var command = new Command("features", "Extract wavelet or texture feature vectors from images into a NumPy matrix");
        command.Subcommands.Add(CreateWavelet(context));
        command.Subcommands.Add(CreateTexture(context));
        return command;
    }

    private static Command CreateWavelet(CliContext context)
    {
        var (input, output) = InOut();
        var family = new Option<string>("--family") { Description = "Wavelet name: haar, db1–db20, sym2–sym20, coif1–coif5, bior/rbio N.M", DefaultValueFactory = _ => "db5" };
        var level = new Option<int>("--level") { Description = "Decomposition levels", DefaultValueFactory = _ => 4 };
        var levels = new Option<string>("--levels") { Description = "Detail levels kept, FIRST-LAST (1 = finest), e.g. 2-4; default 2 to --level" };
        var mode = new Option<string>("--mode") { Description = "Signal extension: symmetric, periodization, zero, constant, reflect, periodic, smooth, antisymmetric, antireflect", DefaultValueFactory = _ => "symmetric" };
        var approximation = new Option<bool>("--approximation") { Description = "Also keep the coarsest approximation (first in each row)" };
        var command = new Command("wavelet", "Wavelet coefficients per image (seeds/000: db5, level 4, details of levels 2-4)")
        {
            input, output, family, level, levels, mode, approximation,
        };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(family)!;
            if (!Wavelet.TryGet(name, out _))
            {
                throw new UsageException($"--family must be haar, db1–db20, sym2–sym20, coif1–coif5, bior1.1…bior6.8 or rbio1.1…rbio6.8, got '{name}'");
            }

            var depth = parse.GetValue(level);
            if (depth < 1)
            {
                throw new UsageException($"--level must be ≥ 1, got {depth}");
            }

            var (first, last) = ParseLevels(parse.GetValue(levels), depth);
            var extractor = new WaveletFeatures(new WaveletFeatureOptions
            {
                Wavelet = name,
                Level = depth,
                FirstDetailLevel = first,
                LastDetailLevel = last,
                Mode = ParseMode(parse.GetValue(mode)!),
                IncludeApproximation = parse.GetValue(approximation),
            });
            return Run(context, extractor, parse.GetValue(input)!, parse.GetValue(output)!);
        });
        return command;
    }

    private static Command CreateTexture(CliContext context)
    {
        var (input, output) = InOut();
        // Every extractor of the table but wavelet, which has its own verb for its settings.
        var textures = FeatureExtractorTable.All.Where(e => e.Name != "wavelet").ToList();
        var kind = new Option<string>("--kind")
        {
            Description = string.Join(", ", textures.Select(e => $"{e.Name} ({e.Description})")),
            Required = true,
        };
        kind.AcceptOnlyFromAmong([.. textures.Select(e => e.Name)]);
        var command = new Command("texture", "Texture features per image: Gabor bank, GLCM, LBP histogram or intensity statistics") { input, output, kind };
        command.SetAction(parse =>
        {
            var extractor = FeatureExtractorTable.Find(parse.GetValue(kind)!)!.Create();
            return Run(context, extractor, parse.GetValue(input)!, parse.GetValue(output)!);
        });
        return command;
    }

    private static (Argument<string> Input, Argument<string> Output) InOut() =>
        (new Argument<string>("IN") { Description = "An image file, or a folder whose images (recursively, sorted) become the rows" },
         new Argument<string>("OUT") { Description = "Output .npy (float32, rows × features); OUT.files.txt lists the rows' images" });

    private static int Run(CliContext context, IImageFeatureExtractor extractor, string input, string output)
    {
        if (!output.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"OUT must end in .npy, got '{output}'");
        }

        var files = ListImages(input, Path.GetFullPath(output));
        var watch = Stopwatch.StartNew();
        var images = new Image[files.Count];
        Parallel.For(0, files.Count, i => images[i] = ImageFile.Read(files[i]));
        var expected = extractor.FeatureCount(images[0].Height, images[0].Width);
        for (var i = 1; i < images.Length; i++)
        {
            if (extractor.FeatureCount(images[i].Height, images[i].Width) != expected)
            {
                throw new InvalidDataException(
                    $"{files[i]} is {images[i].Height}×{images[i].Width} but {files[0]} is {images[0].Height}×{images[0].Width}; " +
                    $"{extractor.Name} features need one image size (resize first, e.g. medvision preprocess)");
            }
        }

        var matrix = FeatureExtraction.ExtractBatch(extractor, images);
        NpyWriter.Write(output, new NpyArray([matrix.Rows, matrix.Columns], matrix.Data));
        var listing = Path.ChangeExtension(output, null) + ".files.txt";
        var root = Directory.Exists(input) ? Path.GetFullPath(input) : null;
        File.WriteAllLines(listing, files.Select(f => root is null ? Path.GetFileName(f) : Path.GetRelativePath(root, f).Replace('\\', '/')));
        context.StdErr.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{matrix.Rows} images × {matrix.Columns} {extractor.Name} features → {output} ({watch.Elapsed.TotalSeconds:F2} s); rows listed in {listing}"));
        return ExitCodes.Success;
    }

    private static List<string> ListImages(string input, string output)
    {
        if (File.Exists(input))
        {
            return [input];
        }

        if (!Directory.Exists(input))
        {
            throw new UsageException($"IN '{input}' is neither a file nor a folder");
        }

        var root = Path.GetFullPath(input);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => ImageFile.ForExtension(f) is not null && !string.Equals(Path.GetFullPath(f), output, StringComparison.Ordinal))
            .OrderBy(f => Path.GetRelativePath(root, f), StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files : throw new UsageException($"IN folder '{input}' holds no readable images ({string.Join(", ", ImageFile.Formats.SelectMany(f => f.Extensions))})");
    }

    private static (int First, int Last) ParseLevels(string? text, int depth)
    {
        if (text is null)
        {
            return (Math.Min(2, depth), depth);
        }

        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first < 1 || first > last || last > depth)
        {
            throw new UsageException($"--levels must be FIRST-LAST with 1 ≤ FIRST ≤ LAST ≤ --level ({depth}), got '{text}'");
        }

        return (first, last);
    }

    private static WaveletMode ParseMode(string text) =>
        Enum.TryParse<WaveletMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(text, out _)
            ? mode
            : throw new UsageException($"--mode must be one of {string.Join(", ", Enum.GetNames<WaveletMode>().Select(n => n.ToLowerInvariant()))}, got '{text}'");
}
