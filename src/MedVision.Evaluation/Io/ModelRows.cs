namespace MedVision.Evaluation;

/// <summary>
/// The <c>model</c> column of a score file: which rows belong to the model asked for, and the errors when the file
/// holds several models and none was named, when a model was named but the file has no such column or rows.
/// </summary>
internal sealed class ModelRows(string source, string? model, int column)
{
    private readonly SortedSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Whether the row of <paramref name="fields"/> is kept (every row without a model column or without a model asked for).</summary>
    public bool Keep(IReadOnlyList<string> fields)
    {
        if (column < 0)
        {
            return true;
        }

        var name = fields[column].Trim();
        _seen.Add(name);
        return model is null || name == model;
    }

    /// <summary>Throws <see cref="ScoreFileException"/> unless the file gave <paramref name="rows"/> ≥ 1 rows of one model.</summary>
    public void Check(int rows)
    {
        if (model is not null && column < 0)
        {
            throw new ScoreFileException($"{source}: a model was asked for ('{model}') but the file has no 'model' column");
        }

        if (model is null && _seen.Count > 1)
        {
            throw new ScoreFileException($"{source}: the file holds {_seen.Count} models ({string.Join(", ", _seen)}); name one with --model");
        }

        if (rows == 0)
        {
            throw new ScoreFileException(model is not null && _seen.Count > 0
                ? $"{source}: no rows of model '{model}' (the file holds {string.Join(", ", _seen)})"
                : $"{source}: no data rows after the header");
        }
    }
}
