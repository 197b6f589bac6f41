using System.CommandLine;
using System.Globalization;
using System.Text;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Reporting;
using MedVision.Reports.Tables;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision predict --model BUNDLE INPUT... [--out DIR] [--gradcam DIR]</c>: scores image files and folders
/// (searched recursively for readable images) with a saved model bundle and writes the CSV
/// <c>path,probability,label,calibrated</c> (probability of the bundle's second class, the class name at the bundle's
/// threshold, the Platt-calibrated probability) to <c>DIR/predictions.csv</c> (<c>--out</c> names a folder, as for
/// <c>experiment</c>, <c>evaluate</c> and <c>split</c>; a path ending in <c>.csv</c> is still taken as the file itself)
/// or standard output. Images are scored one at a time.
/// A bundle of three or more classes writes <c>path,label,p_&lt;class&gt;…,calibrated_&lt;class&gt;…</c>: the most probable
/// class, every class's probability, and the same rescaled by the bundle's temperature (as they are without one).
/// With <c>--gradcam DIR</c> (bundles of CNNs that take whole images: not feature pipelines, not patch-trained CNNs)
/// each image also gets a Grad-CAM overlay PNG at its own size, <c>DIR/&lt;file name without extension&gt;.gradcam.png</c>
/// (<c>-2</c>, <c>-3</c>, … appended when two inputs share a name), and the CSV a last column <c>gradcam</c> with that
/// PNG's path.
/// </summary>
internal static class PredictVerb
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model bundle folder (runs/<study>/models/<model>)", Required = true };
        var output = new Option<string?>("--out") { Description = "Folder for predictions.csv (as other verbs' --out); standard output when absent" };
        var gradcam = new Option<string?>("--gradcam") { Description = "Folder for one Grad-CAM overlay PNG per image (CNN bundles); adds the CSV column gradcam" };
        var inputs = new Argument<string[]>("INPUT") { Description = "Image files or folders", Arity = ArgumentArity.OneOrMore };
        var command = new Command("predict", "Score images with a saved model bundle; CSV of path, probability, label (and Grad-CAM overlays)") { model, output, gradcam, inputs };
        command.SetAction(parse =>
        {
            var files = new List<string>();
            foreach (var input in parse.GetValue(inputs)!)
            {
                if (File.Exists(input))
                {
                    files.Add(input);
                }
                else if (Directory.Exists(input))
                {
                    var found = PreprocessVerb.ImageFiles(input);
                    files.AddRange(found.Count > 0 ? found : throw new UsageException($"INPUT folder '{input}' holds no readable images"));
                }
                else
                {
                    throw new UsageException($"INPUT '{input}' does not exist");
                }
            }

            var bundle = ModelBundle.Load(parse.GetValue(model)!);
            var camFolder = parse.GetValue(gradcam);
            if (camFolder is not null)
            {
                if (bundle.Manifest.Kind == BundleManifest.DeepFeaturesKind)
                {
                    throw new UsageException($"--gradcam needs a CNN bundle; '{bundle.Manifest.Name}' is a deep-feature model (frozen {bundle.Manifest.Architecture} features, a fitted classifier and a patch vote), which no single map explains");
                }

                if (!bundle.IsNetwork)
                {
                    throw new UsageException($"--gradcam needs a CNN bundle; '{bundle.Manifest.Name}' is a feature pipeline ({bundle.Manifest.Features?.Extractor} features), which has no convolution to explain");
                }

                if (bundle.Manifest.Patch is { } patch)
                {
                    throw new UsageException($"--gradcam needs a CNN bundle that takes whole images; '{bundle.Manifest.Name}' is patch-trained and scores an image by the " +
                        $"{patch.Options().VoteName} vote of {patch.TestOffsets.Count} {patch.Size}×{patch.Size} patches, for which no single Grad-CAM map is defined");
                }

                Directory.CreateDirectory(camFolder);
            }

            var header = bundle.IsMulticlass
                ? "path,label," + string.Join(',', bundle.Manifest.ClassNames.Select(c => TableWriter.CsvCell("p_" + c)))
                    + "," + string.Join(',', bundle.Manifest.ClassNames.Select(c => TableWriter.CsvCell("calibrated_" + c)))
                : "path,probability,label,calibrated";
            var csv = new StringBuilder(header + (camFolder is null ? "\n" : ",gradcam\n"));
            var camNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in files)
            {
                var image = ImageFile.Read(file);
                if (bundle.IsMulticlass)
                {
                    var probabilities = bundle.PredictProba([image]);
                    csv.Append(CultureInfo.InvariantCulture, $"{TableWriter.CsvCell(file)},{TableWriter.CsvCell(bundle.Label(probabilities))}");
                    foreach (var p in probabilities.Concat(bundle.Calibrated(probabilities)))
                    {
                        csv.Append(CultureInfo.InvariantCulture, $",{p:R}");
                    }
                }
                else
                {
                    var score = bundle.PredictProba([image])[0];
                    csv.Append(CultureInfo.InvariantCulture,
                        $"{TableWriter.CsvCell(file)},{score:R},{TableWriter.CsvCell(bundle.Label(score))},{bundle.Calibrated(score):R}");
                }

                if (camFolder is not null)
                {
                    var png = Path.Combine(camFolder, UniqueName(camNames, Path.GetFileNameWithoutExtension(file)) + ".gradcam.png");
                    File.WriteAllBytes(png, Overlays.GradCamPng(image.ToGray(), bundle.GradCam(image)));
                    csv.Append(',').Append(TableWriter.CsvCell(png));
                }

                csv.Append('\n');
            }

            if (parse.GetValue(output) is { } outPath)
            {
                var path = outPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? outPath : Path.Combine(outPath, PredictionsFile);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                File.WriteAllText(path + ".tmp", csv.ToString(), new UTF8Encoding(false));
                File.Move(path + ".tmp", path, overwrite: true);
                context.StdErr.WriteLine($"wrote {files.Count} predictions of {bundle.Manifest.Name} to {path}");
            }
            else
            {
                context.StdOut.Write(csv.ToString());
            }

            if (camFolder is not null)
            {
                context.StdErr.WriteLine($"wrote {files.Count} Grad-CAM overlays to {camFolder}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The CSV's name inside the <c>--out</c> folder, as in an experiment's folder.</summary>
    public const string PredictionsFile = "predictions.csv";

    /// <summary><paramref name="stem"/>, or <c>stem-2</c>, <c>stem-3</c>, … when an earlier input took it; the name is recorded as taken.</summary>
    private static string UniqueName(HashSet<string> taken, string stem)
    {
        var name = stem;
        for (var k = 2; !taken.Add(name); k++)
        {
            name = $"{stem}-{k.ToString(CultureInfo.InvariantCulture)}";
        }

        return name;
    }
}
