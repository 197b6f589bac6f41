using System.Globalization;
using System.Text;

namespace MedVision.Reports.Svg;

/// <summary>
/// A confusion matrix as an SVG heat map: rows are the true class, columns the predicted class, each cell shows the
/// count and the row percentage; shading follows the row fraction.
/// </summary>
public static class ConfusionMatrixChart
{
    /// <summary><paramref name="counts"/>[true][predicted] for the classes named by <paramref name="classNames"/>.</summary>
    public static string ToSvg(string title, IReadOnlyList<string> classNames, long[][] counts)
    {
        var n = classNames.Count;
        if (counts.Length != n || counts.Any(r => r.Length != n))
        {
            throw new ArgumentException($"counts must be {n}×{n} for {n} class names");
        }

        const int cell = 70, top = 46;
        // Room for the longest "true <class>" label at about 6.5 px per character of 11 px text.
        var left = 16 + (int)Math.Ceiling(6.5 * (5 + classNames.Max(c => c.Length)));
        var width = left + (n * cell) + 12;
        var height = top + (n * cell) + 30;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" class=\"chart\" role=\"img\" aria-label=\"{SvgText.Escape(title)}\" font-family=\"{SvgText.FontFamily}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\">{SvgText.Escape(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (n * cell / 2)}\" y=\"34\" text-anchor=\"middle\" font-size=\"11\">predicted class</text>");
        for (var r = 0; r < n; r++)
        {
            var rowTotal = counts[r].Sum();
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + (r * cell) + (cell / 2) + 4}\" text-anchor=\"end\" font-size=\"11\">true {SvgText.Escape(classNames[r])}</text>");
            for (var c = 0; c < n; c++)
            {
                var fraction = rowTotal == 0 ? 0 : (double)counts[r][c] / rowTotal;
                var shade = (int)Math.Round(255 - (fraction * 180));
                var ink = fraction > 0.6 ? "#fff" : "#000";
                int x = left + (c * cell), y = top + (r * cell);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"rgb({shade},{shade},255)\" stroke=\"#fff\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (cell / 2)}\" y=\"{y + (cell / 2)}\" text-anchor=\"middle\" font-size=\"15\" fill=\"{ink}\">{counts[r][c]}</text>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (cell / 2)}\" y=\"{y + (cell / 2) + 15}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{ink}\">{fraction:P0}</text>");
            }
        }

        for (var c = 0; c < n; c++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (c * cell) + (cell / 2)}\" y=\"{top + (n * cell) + 16}\" text-anchor=\"middle\" font-size=\"11\">{SvgText.Escape(classNames[c])}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
