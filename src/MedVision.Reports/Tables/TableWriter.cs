using System.Text;

namespace MedVision.Reports.Tables;

/// <summary>Writes a <see cref="ResultTable"/> as Markdown, LaTeX (booktabs), CSV (RFC 4180) or an HTML table.</summary>
public static class TableWriter
{
    /// <summary>A GitHub-flavoured Markdown table; pipes in cells are escaped.</summary>
    public static string ToMarkdown(ResultTable table)
    {
        table.Validate();
        var md = new StringBuilder();
        md.Append("**").Append(table.Title).AppendLine("**").AppendLine();
        md.Append("| ").Append(string.Join(" | ", table.Header.Select(Md))).AppendLine(" |");
        md.Append('|').Append(string.Concat(table.Header.Select(_ => " --- |"))).AppendLine();
        foreach (var row in table.Rows)
        {
            md.Append("| ").Append(string.Join(" | ", row.Select(Md))).AppendLine(" |");
        }

        return md.ToString();

        static string Md(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
    }

    /// <summary>A LaTeX <c>table</c> with a booktabs <c>tabular</c>; LaTeX special characters escaped.</summary>
    public static string ToLatex(ResultTable table)
    {
        table.Validate();
        var tex = new StringBuilder();
        tex.AppendLine("\\begin{table}[ht]").AppendLine("\\centering");
        tex.Append("\\caption{").Append(Latex(table.Title)).AppendLine("}");
        tex.Append("\\begin{tabular}{l").Append('r', Math.Max(0, table.Header.Count - 1)).AppendLine("}");
        tex.AppendLine("\\toprule");
        tex.Append(string.Join(" & ", table.Header.Select(Latex))).AppendLine(" \\\\");
        tex.AppendLine("\\midrule");
        foreach (var row in table.Rows)
        {
            tex.Append(string.Join(" & ", row.Select(Latex))).AppendLine(" \\\\");
        }

        tex.AppendLine("\\bottomrule").AppendLine("\\end{tabular}").AppendLine("\\end{table}");
        return tex.ToString();
    }

    /// <summary>CSV with a header line; cells with commas, quotes or line breaks are quoted.</summary>
    public static string ToCsv(ResultTable table)
    {
        table.Validate();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', table.Header.Select(CsvCell)));
        foreach (var row in table.Rows)
        {
            csv.AppendLine(string.Join(',', row.Select(CsvCell)));
        }

        return csv.ToString();
    }

    /// <summary>One CSV cell (RFC 4180): quoted, with doubled quotes, when it holds a comma, quote or line break.</summary>
    public static string CsvCell(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    /// <summary>An HTML <c>&lt;table&gt;</c> with a caption; all text escaped.</summary>
    public static string ToHtml(ResultTable table)
    {
        table.Validate();
        var html = new StringBuilder("<table><caption>").Append(Html(table.Title)).Append("</caption><thead><tr>");
        foreach (var h in table.Header)
        {
            html.Append("<th>").Append(Html(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(Html(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();

        static string Html(string s) => System.Net.WebUtility.HtmlEncode(s);
    }

    /// <summary>Escapes the ten LaTeX special characters: <c># $ % &amp; _ { } ~ ^ \</c>.</summary>
    public static string Latex(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            sb.Append(ch switch
            {
                '\\' => "\\textbackslash{}",
                '#' or '$' or '%' or '&' or '_' or '{' or '}' => $"\\{ch}",
                '~' => "\\textasciitilde{}",
                '^' => "\\textasciicircum{}",
                '±' => "$\\pm$",
                '≥' => "$\\geq$",
                '≤' => "$\\leq$",
                _ => ch.ToString(),
            });
        }

        return sb.ToString();
    }
}
