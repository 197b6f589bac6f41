namespace MedVision.Reports.Tables;

/// <summary>A titled table of text cells, written to HTML, Markdown, LaTeX or CSV by <see cref="TableWriter"/>.</summary>
/// <param name="Title">Caption.</param>
/// <param name="Header">Column names.</param>
/// <param name="Rows">Cells, each row as long as <paramref name="Header"/>.</param>
public sealed record ResultTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Throws when a row's length differs from the header's.</summary>
    public void Validate()
    {
        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].Count != Header.Count)
            {
                throw new ArgumentException($"table '{Title}': row {i} has {Rows[i].Count} cells, the header {Header.Count}");
            }
        }
    }
}
