using System.Text;
using MedVision.Reports.Svg;
using MedVision.Reports.Tables;

namespace MedVision.Reports.Html;

/// <summary>
/// A self-contained HTML report: inline CSS, inline SVG charts and images embedded as data URIs, no script and no
/// external resource, so the file can be mailed or archived alone. Sections get ids for the table of contents.
/// </summary>
public sealed class HtmlReport
{
    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Title, int Level)> _toc = [];
    private readonly List<Figure> _figures = [];
    private readonly HashSet<string> _figureNames = new(StringComparer.Ordinal);

    public HtmlReport(string title) => Title = title;

    public string Title { get; }

    /// <summary>Starts a section: <c>&lt;h2&gt;</c> (level 2) or <c>&lt;h3&gt;</c> (level 3) with id <paramref name="id"/>.</summary>
    public HtmlReport Section(string id, string title, int level = 2)
    {
        if (level is < 2 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "heading level must be 2, 3 or 4");
        }

        if (level == 2 && _toc.Count > 0)
        {
            _body.Append("</section>");
        }

        if (level == 2)
        {
            _body.Append("<section id=\"").Append(Escape(id)).Append("\">");
        }

        _toc.Add((id, title, level));
        _body.Append("<h").Append(level).Append(level == 2 ? "" : $" id=\"{Escape(id)}\"").Append('>').Append(Escape(title)).Append("</h").Append(level).Append('>');
        return this;
    }

    /// <summary>A paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text)
    {
        _body.Append("<p>").Append(Escape(text)).Append("</p>");
        return this;
    }

    /// <summary>A preformatted block (configs, commands).</summary>
    public HtmlReport Code(string text)
    {
        _body.Append("<pre>").Append(Escape(text)).Append("</pre>");
        return this;
    }

    /// <summary>A table.</summary>
    public HtmlReport Table(ResultTable table)
    {
        _body.Append(TableWriter.ToHtml(table));
        return this;
    }

    /// <summary>A row of charts; each is also listed in <see cref="FigureList"/> under its name, which must be new to this report.</summary>
    public HtmlReport Figures(params Figure[] figures)
    {
        _body.Append("<div class=\"figures\">");
        foreach (var figure in figures)
        {
            if (!figure.Svg.StartsWith("<svg", StringComparison.Ordinal))
            {
                throw new ArgumentException($"figure '{figure.Name}' must be an <svg> element", nameof(figures));
            }

            if (figure.Name.Length == 0 || figure.Name != Figure.Slug(figure.Name) || !_figureNames.Add(figure.Name))
            {
                throw new ArgumentException($"figure name '{figure.Name}' must be a non-empty file-name slug not used before in this report", nameof(figures));
            }

            _figures.Add(figure);
            _body.Append("<figure id=\"fig-").Append(Escape(figure.Name)).Append("\">").Append(figure.Svg).Append("</figure>");
        }

        _body.Append("</div>");
        return this;
    }

    /// <summary>Every chart added so far, in order of appearance.</summary>
    public IReadOnlyList<Figure> FigureList => _figures;

    /// <summary>A gallery of PNG thumbnails with captions, embedded as data URIs.</summary>
    public HtmlReport Gallery(string caption, IEnumerable<(byte[] Png, string Caption)> images, int size = 72)
    {
        _body.Append("<div class=\"gallery\"><div class=\"gallery-title\">").Append(Escape(caption)).Append("</div>");
        var any = false;
        foreach (var (png, text) in images)
        {
            any = true;
            _body.Append("<figure><img width=\"").Append(size).Append("\" height=\"").Append(size)
                .Append("\" alt=\"").Append(Escape(text)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
                .Append("\"/><figcaption>").Append(Escape(text)).Append("</figcaption></figure>");
        }

        if (!any)
        {
            _body.Append("<p class=\"empty\">none</p>");
        }

        _body.Append("</div>");
        return this;
    }

    /// <summary>The whole document.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Escape(Title)).Append("</title>");
        html.Append("<style>").Append(Css).Append("</style></head><body>");
        html.Append("<h1>").Append(Escape(Title)).Append("</h1><nav><ul>");
        foreach (var (id, title, level) in _toc.Where(t => t.Level == 2))
        {
            html.Append("<li><a href=\"#").Append(Escape(id)).Append("\">").Append(Escape(title)).Append("</a></li>");
        }

        html.Append("</ul></nav>").Append(_body);
        if (_toc.Count > 0)
        {
            html.Append("</section>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string Escape(string s) => System.Net.WebUtility.HtmlEncode(s);

    private const string Css =
        "body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#222;line-height:1.4}" +
        "h1{font-size:24px}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:36px}" +
        "nav ul{display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;list-style:none}" +
        "table{border-collapse:collapse;margin:10px 0;font-size:13px}caption{text-align:left;font-weight:600;padding:4px 0}" +
        "th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}" +
        "th{background:#f4f4f4}.figures{display:flex;flex-wrap:wrap;gap:12px}figure{margin:4px}" +
        ".gallery{display:flex;flex-wrap:wrap;gap:4px;margin:8px 0}.gallery-title{width:100%;font-weight:600}" +
        ".gallery figcaption{font-size:10px;max-width:90px;overflow:hidden}.gallery img{image-rendering:pixelated}" +
        "pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px}.empty{color:#888}";
}
