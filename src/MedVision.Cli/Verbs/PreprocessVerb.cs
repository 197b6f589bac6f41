using System.CommandLine;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Imaging.Preprocessing;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision preprocess --chain TEXT IN OUT</c>: runs a <see cref="PreprocessChain"/> on one image (OUT is a
/// file whose extension picks the format, or an existing folder) or on every readable image under a folder
/// (OUT is a folder; the tree is mirrored, names keep their stem and take <c>--format</c>'s extension). For the
/// integer formats (.png, .pgm, .ppm) a result whose values all lie in [0, 1] — CLAHE, equalisation, windows —
/// is written as 0…255.
/// </summary>
internal static class PreprocessVerb
{
    public static Command Create(CliContext context)
    {
        var chain = new Option<string>("--chain")
        {
            Description = "Steps, e.g. \"median:3,clahe:clip=0.01,resize:120x120\"; steps: "
                + string.Join(", ", PreprocessStepTable.All.Select(d => d.Usage)),
            Required = true,
        };
        var format = new Option<string>("--format") { Description = "Output format for folder inputs: png or npy", DefaultValueFactory = _ => "png" };
        var input = new Argument<string>("IN") { Description = "An image file or a folder of images" };
        var output = new Argument<string>("OUT") { Description = "Output file (extension picks the format) or folder" };
        var command = new Command("preprocess", "Apply a preprocessing chain (filters, CLAHE, windows, resize…) to an image or a folder") { chain, format, input, output };
        command.SetAction(parse =>
        {
            PreprocessChain parsed;
            try
            {
                parsed = PreprocessChain.Parse(parse.GetValue(chain)!);
            }
            catch (PreprocessChainException e)
            {
                throw new UsageException($"--chain: {e.Message}");
            }

            var extension = parse.GetValue(format)!.ToLowerInvariant() switch
            {
                "png" => ".png",
                "npy" => ".npy",
                var other => throw new UsageException($"--format must be png or npy, got '{other}'"),
            };
            var source = parse.GetValue(input)!;
            var target = parse.GetValue(output)!;
            var jobs = new List<(string From, string To)>();
            if (File.Exists(source))
            {
                var to = Directory.Exists(target) ? Path.Combine(target, Path.GetFileNameWithoutExtension(source) + extension) : target;
                if (ImageFile.ForExtension(to)?.Write is null)
                {
                    throw new UsageException($"OUT must end in .png, .npy, .pgm or .ppm (or be a folder), got '{target}'");
                }

                jobs.Add((source, to));
            }
            else if (Directory.Exists(source))
            {
                foreach (var file in ImageFiles(source))
                {
                    var relative = Path.GetRelativePath(source, file);
                    jobs.Add((file, Path.Combine(target, Path.ChangeExtension(relative, extension))));
                }

                if (jobs.Count == 0)
                {
                    throw new UsageException($"IN folder '{source}' holds no readable images");
                }
            }
            else
            {
                throw new UsageException($"IN '{source}' does not exist");
            }

            foreach (var (from, to) in jobs)
            {
                var result = parsed.Apply(ImageFile.Read(from));
                if (!to.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) && IsUnitRange(result))
                {
                    for (var i = 0; i < result.Data.Length; i++)
                    {
                        result.Data[i] *= 255;
                    }
                }

                var folder = Path.GetDirectoryName(Path.GetFullPath(to));
                if (folder is not null)
                {
                    Directory.CreateDirectory(folder);
                }

                ImageFile.Write(to, result);
            }

            context.StdErr.WriteLine($"preprocessed {jobs.Count} image{(jobs.Count == 1 ? "" : "s")} with {parsed}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Every file under <paramref name="folder"/> (recursively, in ordinal order) whose extension a reader knows.</summary>
    internal static IReadOnlyList<string> ImageFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => ImageFile.ForExtension(f)?.Read is not null || ImageFile.ForExtension(f)?.ReadVolume is not null)
            .Order(StringComparer.Ordinal)];

    private static bool IsUnitRange(Image image)
    {
        var any = false;
        foreach (var v in image.Data)
        {
            if (!(v >= 0 && v <= 1))
            {
                return false;
            }

            any |= v != 0 && v != 1;
        }

        return any || image.Data.Length > 0;
    }
}
