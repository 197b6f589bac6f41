using System.Globalization;

namespace MedVision.Evaluation;

/// <summary>
/// Labelled scores read from a CSV with a header row naming at least <c>label</c> and <c>score</c>, and optionally
/// <c>group</c> (patient, source image: resampled together by the bootstrap) and <c>id</c> (to match two files case by
/// case), and <c>model</c> (a file of several models, as an experiment's <c>predictions.csv</c>, is read for one of
/// them). Column names are case-insensitive; other columns are ignored; fields may be double-quoted. Labels are 0 or 1
/// (<c>false</c>/<c>true</c> accepted), scores finite numbers in invariant culture.
/// </summary>
public sealed record ScoreTable(string Source, int[] Labels, double[] Scores, string[]? Groups, string[]? Ids)
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    public static ScoreTable Read(string path) => Read(path, null);

    /// <summary>Reads <paramref name="path"/>, keeping the rows of <paramref name="model"/> when given (required when the file holds several models).</summary>
    public static ScoreTable Read(string path, string? model)
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
    public static ScoreTable Read(TextReader reader, string source) => Read(reader, source, null);

    /// <summary>Reads CSV text of <paramref name="model"/> (all rows when null); <paramref name="source"/> names it in error messages.</summary>
    public static ScoreTable Read(TextReader reader, string source, string? model)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header is null || header.Trim().Length == 0)
        {
            throw new ScoreFileException($"{source}: line 1: expected a header with columns label,score[,group][,id], got an empty file");
        }

        var names = SplitFields(header.TrimStart('\uFEFF'), source, 1).Select(n => n.Trim().ToLowerInvariant()).ToArray();
        int Column(string name, bool required)
        {
            var index = Array.IndexOf(names, name);
            if (index < 0 && required)
            {
                throw new ScoreFileException($"{source}: line 1: no '{name}' column (header has: {string.Join(", ", names)})");
            }

            return index;
        }

        var (labelColumn, scoreColumn, groupColumn, idColumn) = (Column("label", true), Column("score", true), Column("group", false), Column("id", false));
        var rows = new ModelRows(source, model, Column("model", false));
        var labels = new List<int>();
        var scores = new List<double>();
        var groups = new List<string>();
        var ids = new List<string>();
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = SplitFields(line, source, lineNumber);
            if (fields.Count != names.Length)
            {
                throw new ScoreFileException($"{source}: line {lineNumber}: expected {names.Length} fields as in the header, got {fields.Count}");
            }

            if (!rows.Keep(fields))
            {
                continue;
            }

            var labelText = fields[labelColumn].Trim();
            labels.Add(labelText switch
            {
                "0" or "0.0" or "false" or "False" => 0,
                "1" or "1.0" or "true" or "True" => 1,
                _ => throw new ScoreFileException($"{source}: line {lineNumber}, column {labelColumn + 1} (label): expected 0 or 1, got '{labelText}'"),
            });
            var scoreText = fields[scoreColumn].Trim();
            if (!double.TryParse(scoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
            {
                throw new ScoreFileException($"{source}: line {lineNumber}, column {scoreColumn + 1} (score): expected a finite number, got '{scoreText}'");
            }

            scores.Add(score);
            if (groupColumn >= 0)
            {
                groups.Add(fields[groupColumn].Trim());
            }

            if (idColumn >= 0)
            {
                ids.Add(fields[idColumn].Trim());
            }
        }

        rows.Check(labels.Count);

        if (idColumn >= 0)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ids.Count; i++)
            {
                if (!seen.Add(ids[i]))
                {
                    throw new ScoreFileException($"{source}: column {idColumn + 1} (id): id '{ids[i]}' appears more than once");
                }
            }
        }

        return new ScoreTable(source, [.. labels], [.. scores], groupColumn >= 0 ? [.. groups] : null, idColumn >= 0 ? [.. ids] : null);
    }

    /// <summary>
    /// The cases of two tables in one order, for paired comparison: matched by <c>id</c> when both files have that
    /// column (the same ids must appear in both), by row otherwise (same row count). Labels must agree case by case.
    /// Returns the labels and both score vectors in the order of <paramref name="a"/>.
    /// </summary>
    public static (int[] Labels, double[] ScoresA, double[] ScoresB) Pair(ScoreTable a, ScoreTable b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var scoresB = new double[a.Labels.Length];
        if (a.Ids is not null && b.Ids is not null)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var j = 0; j < b.Ids.Length; j++)
            {
                index[b.Ids[j]] = j;
            }

            if (b.Ids.Length != a.Ids.Length)
            {
                throw new ScoreFileException($"{a.Source} has {a.Ids.Length} cases and {b.Source} has {b.Ids.Length}; paired comparison needs the same cases");
            }

            for (var i = 0; i < a.Ids.Length; i++)
            {
                if (!index.TryGetValue(a.Ids[i], out var j))
                {
                    throw new ScoreFileException($"{b.Source}: no row with id '{a.Ids[i]}' (line {i + 2} of {a.Source})");
                }

                if (a.Labels[i] != b.Labels[j])
                {
                    throw new ScoreFileException($"{b.Source}: line {j + 2}: label {b.Labels[j]} of id '{a.Ids[i]}' differs from {a.Labels[i]} in {a.Source}");
                }

                scoresB[i] = b.Scores[j];
            }
        }
        else
        {
            if (a.Labels.Length != b.Labels.Length)
            {
                throw new ScoreFileException($"{a.Source} has {a.Labels.Length} rows and {b.Source} has {b.Labels.Length}; without an id column in both, rows are matched in order and must be as many");
            }

            for (var i = 0; i < a.Labels.Length; i++)
            {
                if (a.Labels[i] != b.Labels[i])
                {
                    throw new ScoreFileException($"{b.Source}: line {i + 2}: label {b.Labels[i]} differs from {a.Labels[i]} on the same line of {a.Source}");
                }

                scoresB[i] = b.Scores[i];
            }
        }

        return (a.Labels, a.Scores, scoresB);
    }

    internal static List<string> SplitFields(string line, string source, int lineNumber)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new ScoreFileException($"{source}: line {lineNumber}: unterminated quoted field");
        }

        fields.Add(current.ToString());
        return fields;
    }
}
