namespace MedVision.Reports.Svg;

/// <summary>
/// A chart with the name its files get: <c>figures/&lt;Name&gt;.svg</c> and <c>.png</c> beside the report that embeds it.
/// </summary>
/// <param name="Name">File stem: lower-case letters, digits, '-', '_' and '.', unique within a report (see <see cref="Slug"/>).</param>
/// <param name="Svg">The <c>&lt;svg&gt;</c> element made by one of this library's chart writers.</param>
public sealed record Figure(string Name, string Svg)
{
    /// <summary><paramref name="text"/> as a file-name stem: lower case, runs of other characters turned into one '-'.</summary>
    public static string Slug(string text)
    {
        var slug = new System.Text.StringBuilder(text.Length);
        foreach (var ch in text.ToLowerInvariant())
        {
            if (ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.')
            {
                slug.Append(ch);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-', '.');
    }
}
