using System.Globalization;

namespace MedVision.Evaluation;

/// <summary>
/// Labelled class probabilities of a K-class model (K ≥ 3) read from a CSV whose header names <c>label</c> and one
/// <c>p_&lt;class&gt;</c> column per class, in class order (the layout of an experiment's multi-class
/// <c>predictions.csv</c>), and optionally <c>group</c>, <c>id</c> and <c>model</c> (a file of several models is read for
/// one of them). A label is a class index 0 … K−1 or a class name of the <c>p_</c> columns; each row's probabilities are
/// finite, in [0, 1] and sum to 1 within 1e-3. Other columns are ignored; fields may be double-quoted.
/// </summary>
/// <param name="Source">The file, as named in errors.</param>
/// <param name="Classes">Class names, from the <c>p_</c> columns.</param>
/// <param name="Labels">Class index of each case.</param>
/// <param name="Probabilities">Row-major case × class probabilities.</param>
/// <param name="Groups">Group of each case, or null without a group column.</param>
public sealed record MulticlassScoreTable(string Source, IReadOnlyList<string> Classes, int[] Labels, double[] Probabilities, string[]? Groups)
{
    /// <summary>Tolerance on the sum of a row's probabilities.</summary>
    public const double SumTolerance = 1e-3;

    /// <summary>Whether the header line of <paramref name="path"/> names three or more <c>p_</c> columns.</summary>
    public static bool IsMulticlass(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        return header is not null && ScoreTable.SplitFields(header.TrimStart('\uFEFF'), path, 1).Count(n => n.Trim().StartsWith("p_", StringComparison.OrdinalIgnoreCase)) >= 3;
    }

    /// <summary>Reads <paramref name="path"/>, keeping the rows of <paramref name="model"/> when given (required when the file holds several models).</summary>
    public static MulticlassScoreTable Read(string path, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ScoreFileException($"{path}: file not found");
        }

        using var reader = new StreamReader(path);
        return Read(reader, path, model);
    }

    /// <summary>Reads CSV text; <paramref name="source"/> names it in error messages.</summary>
    public static MulticlassScoreTable Read(TextReader reader, string source, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header is null || header.Trim().Length == 0)
        {
            throw new ScoreFileException($"{source}: line 1: expected a header with columns label,p_<class>,… , got an empty file");
        }

        var names = ScoreTable.SplitFields(header.TrimStart('\uFEFF'), source, 1).Select(n => n.Trim()).ToArray();
        var lower = names.Select(n => n.ToLowerInvariant()).ToArray();
        var labelColumn = Array.IndexOf(lower, "label");
        if (labelColumn < 0)
        {
            throw new ScoreFileException($"{source}: line 1: no 'label' column (header has: {string.Join(", ", names)})");
        }

        var probabilityColumns = Enumerable.Range(0, names.Length).Where(i => lower[i].StartsWith("p_", StringComparison.Ordinal)).ToArray();
        if (probabilityColumns.Length < 3)
        {
            throw new ScoreFileException($"{source}: line 1: a multi-class file needs three or more p_<class> columns, got {probabilityColumns.Length}");
        }

        var classes = probabilityColumns.Select(i => names[i][2..]).ToList();
        if (classes.Distinct(StringComparer.Ordinal).Count() != classes.Count || classes.Any(c => c.Length == 0))
        {
            throw new ScoreFileException($"{source}: line 1: the p_<class> columns must name distinct, non-empty classes, got {string.Join(", ", classes)}");
        }

        var groupColumn = Array.IndexOf(lower, "group");
        var rows = new ModelRows(source, model, Array.IndexOf(lower, "model"));
        var k = classes.Count;
        var labels = new List<int>();
        var probabilities = new List<double>();
        var groups = new List<string>();
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = ScoreTable.SplitFields(line, source, lineNumber);
            if (fields.Count != names.Length)
            {
                throw new ScoreFileException($"{source}: line {lineNumber}: expected {names.Length} fields as in the header, got {fields.Count}");
            }

            if (!rows.Keep(fields))
            {
                continue;
            }

            labels.Add(Label(fields[labelColumn].Trim(), classes, source, lineNumber, labelColumn));
            var sum = 0.0;
            foreach (var column in probabilityColumns)
            {
                var text = fields[column].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || !double.IsFinite(p) || p is < 0 or > 1)
                {
                    throw new ScoreFileException($"{source}: line {lineNumber}, column {column + 1} ({names[column]}): expected a probability in [0, 1], got '{text}'");
                }

                probabilities.Add(p);
                sum += p;
            }

            if (Math.Abs(sum - 1) > SumTolerance)
            {
                throw new ScoreFileException($"{source}: line {lineNumber}: the class probabilities sum to {sum.ToString("R", CultureInfo.InvariantCulture)}, not 1");
            }

            if (groupColumn >= 0)
            {
                groups.Add(fields[groupColumn].Trim());
            }
        }

        rows.Check(labels.Count);

        return new MulticlassScoreTable(source, classes, [.. labels], [.. probabilities], groupColumn >= 0 ? [.. groups] : null);
    }

    private static int Label(string text, List<string> classes, string source, int line, int column)
    {
        var byName = classes.IndexOf(text);
        if (byName >= 0)
        {
            return byName;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < classes.Count
            ? index
            : throw new ScoreFileException($"{source}: line {line}, column {column + 1} (label): expected a class index 0–{classes.Count - 1} or one of {string.Join(", ", classes)}, got '{text}'");
    }
}
