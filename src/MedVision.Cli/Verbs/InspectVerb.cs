using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MedVision.Imaging.Io;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision inspect FILE</c>: format, dimensions, channels, stored element type, spacing and origin for
/// volumes, value range, and the format's own header facts; <c>--json</c> for one snake_case JSON object.
/// A <c>.npz</c> archive lists its arrays (name, shape, dtype, range).
/// </summary>
internal static class InspectVerb
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "Image, volume or array file (PNG, PGM/PPM, NumPy .npy/.npz, MetaImage, and every other format ImageFile reads)" };
        var json = new Option<bool>("--json") { Description = "Write the facts as one JSON object" };
        var command = new Command("inspect", "Show an image file's format, size, element type, geometry and value range") { file, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"FILE '{path}' does not exist");
            }

            var facts = path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) ? Archive(path) : Describe(path);
            if (parse.GetValue(json))
            {
                context.StdOut.WriteLine(JsonSerializer.Serialize(facts));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumn("field").AddColumn("value");
            foreach (var (key, value) in facts)
            {
                if (value is IReadOnlyDictionary<string, string> properties)
                {
                    foreach (var (name, text) in properties)
                    {
                        table.AddRow(Markup.Escape(name), Markup.Escape(text));
                    }
                }
                else
                {
                    table.AddRow(Markup.Escape(key), Markup.Escape(Show(value)));
                }
            }

            context.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The facts of one image or volume file, in display order.</summary>
    internal static Dictionary<string, object?> Describe(string path)
    {
        var info = ImageFile.Inspect(path);
        var facts = new Dictionary<string, object?>
        {
            ["file"] = path,
            ["format"] = info.Format,
            ["width"] = info.Sizes.Count > 0 ? info.Sizes[0] : null,
            ["height"] = info.Sizes.Count > 1 ? info.Sizes[1] : null,
        };
        if (info.Sizes.Count > 2)
        {
            facts["depth"] = info.Sizes[2];
        }

        facts["channels"] = info.Channels;
        facts["element_type"] = info.ElementType;
        float[] values;
        if (info.Sizes.Count > 2 && !(info.Format == "NumPy" && info.Channels > 1))
        {
            var volume = ImageFile.ReadVolume(path);
            facts["depth"] = volume.Depth;
            facts["spacing"] = volume.Spacing;
            facts["origin"] = volume.Origin;
            facts["direction"] = volume.Direction;
            values = volume.Data;
        }
        else
        {
            values = ImageFile.Read(path).Data;
            if (info.Spacing is not null)
            {
                facts["spacing"] = info.Spacing;
            }

            if (info.Origin is not null)
            {
                facts["origin"] = info.Origin;
            }
        }

        AddRange(facts, values);
        if (info.Properties is not null)
        {
            facts["properties"] = info.Properties;
        }

        return facts;
    }

    private static Dictionary<string, object?> Archive(string path)
    {
        var arrays = NpzReader.Read(path);
        var list = new List<Dictionary<string, object?>>();
        foreach (var (name, array) in arrays)
        {
            var entry = new Dictionary<string, object?>
            {
                ["name"] = name,
                ["shape"] = array.Shape,
                ["dtype"] = array.DType.ToString().ToLowerInvariant(),
            };
            AddRange(entry, array.ToFloatArray());
            list.Add(entry);
        }

        return new Dictionary<string, object?> { ["file"] = path, ["format"] = "NumPy archive", ["arrays"] = list };
    }

    private static void AddRange(Dictionary<string, object?> facts, float[] values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        long finite = 0;
        foreach (var v in values)
        {
            if (float.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                sum += v;
                finite++;
            }
        }

        facts["min"] = finite > 0 ? min : null;
        facts["max"] = finite > 0 ? max : null;
        facts["mean"] = finite > 0 ? sum / finite : null;
        if (finite < values.Length)
        {
            facts["non_finite"] = values.Length - finite;
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "—",
        string s => s,
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        IReadOnlyList<double> list => string.Join(" ", list.Select(v => v.ToString("G6", CultureInfo.InvariantCulture))),
        int[] shape => "(" + string.Join(", ", shape) + ")",
        List<Dictionary<string, object?>> arrays => string.Join("; ", arrays.Select(a => string.Join(" ", a.Select(p => $"{p.Key}={Show(p.Value)}")))),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
