using System.Globalization;

namespace MedVision.Evaluation;

/// <summary>
/// Fold assignments as CSV, one line per case: <c>id,fold</c> (the fold whose test set holds the case; −1 when
/// none does), with a <c>repeat</c> column before <c>fold</c> when the folds come from several repeats.
/// </summary>
public static class FoldAssignments
{
    /// <summary>Writes the assignments of <paramref name="folds"/> for cases <paramref name="ids"/>.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> ids, IReadOnlyList<Fold> folds)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(folds);
        var repeats = folds.Count == 0 ? 1 : folds.Max(f => f.Repeat) + 1;
        writer.WriteLine(repeats > 1 ? "id,repeat,fold" : "id,fold");
        for (var r = 0; r < repeats; r++)
        {
            var fold = Enumerable.Repeat(-1, ids.Count).ToArray();
            foreach (var f in folds.Where(f => f.Repeat == r))
            {
                foreach (var i in f.Test)
                {
                    if (i >= ids.Count)
                    {
                        throw new ArgumentException($"fold {f.Index} names case {i}, but only {ids.Count} ids were given", nameof(ids));
                    }

                    fold[i] = f.Index;
                }
            }

            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i].Contains(',', StringComparison.Ordinal) || ids[i].Contains('"', StringComparison.Ordinal)
                    ? "\"" + ids[i].Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                    : ids[i];
                writer.WriteLine(repeats > 1
                    ? string.Create(CultureInfo.InvariantCulture, $"{id},{r},{fold[i]}")
                    : string.Create(CultureInfo.InvariantCulture, $"{id},{fold[i]}"));
            }
        }
    }

    /// <summary>
    /// Reads an <c>id,fold</c> file written by <see cref="Write"/> (single repeat) and orders the folds as
    /// <paramref name="ids"/>: the result feeds <see cref="PredefinedSplit"/>. Unknown or missing ids are errors
    /// naming the file and line.
    /// </summary>
    public static int[] Read(TextReader reader, IReadOnlyList<string> ids, string source = "fold assignments")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(ids);
        var header = reader.ReadLine();
        if (header is null || !string.Equals(header.Trim(), "id,fold", StringComparison.Ordinal))
        {
            throw new FormatException($"{source}: line 1: expected header 'id,fold', got '{header}'");
        }

        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var comma = line.LastIndexOf(',');
            if (comma < 0 || !int.TryParse(line.AsSpan(comma + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fold))
            {
                throw new FormatException($"{source}: line {lineNumber}: expected 'id,fold' with an integer fold, got '{line}'");
            }

            var id = line[..comma];
            if (id.Length >= 2 && id[0] == '"' && id[^1] == '"')
            {
                id = id[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            }

            if (!byId.TryAdd(id, fold))
            {
                throw new FormatException($"{source}: line {lineNumber}: id '{id}' appears twice");
            }
        }

        var result = new int[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            if (!byId.TryGetValue(ids[i], out result[i]))
            {
                throw new FormatException($"{source}: no fold for id '{ids[i]}'");
            }
        }

        return result;
    }
}
