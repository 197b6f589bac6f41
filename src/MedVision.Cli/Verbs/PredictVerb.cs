using System.CommandLine;
using System.Globalization;
using System.Text;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using MedVision.Reports.Tables;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision predict --model BUNDLE INPUT... [--out predictions.csv]</c>: scores image files and folders (searched
/// recursively for readable images) with a saved model bundle and writes the CSV <c>path,probability,label,calibrated</c>
/// (probability of the bundle's second class, the class name at the bundle's threshold, the Platt-calibrated
/// probability) to <c>--out</c> or standard output. Images are scored one at a time.
/// </summary>
internal static class PredictVerb
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model bundle folder (runs/<study>/models/<model>)", Required = true };
        var output = new Option<string?>("--out") { Description = "CSV file to write; standard output when absent" };
        var inputs = new Argument<string[]>("INPUT") { Description = "Image files or folders", Arity = ArgumentArity.OneOrMore };
        var command = new Command("predict", "Score images with a saved model bundle; CSV of path, probability, label") { model, output, inputs };
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
            var csv = new StringBuilder("path,probability,label,calibrated\n");
            foreach (var file in files)
            {
                var score = bundle.PredictProba([ImageFile.Read(file)])[0];
                csv.Append(CultureInfo.InvariantCulture,
                    $"{TableWriter.CsvCell(file)},{score:R},{TableWriter.CsvCell(bundle.Label(score))},{bundle.Calibrated(score):R}\n");
            }

            if (parse.GetValue(output) is { } path)
            {
                File.WriteAllText(path, csv.ToString(), new UTF8Encoding(false));
                context.StdErr.WriteLine($"wrote {files.Count} predictions of {bundle.Manifest.Name} to {path}");
            }
            else
            {
                context.StdOut.Write(csv.ToString());
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
