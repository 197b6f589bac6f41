using System.Globalization;
using System.Text;

namespace MedVision.Reports.Svg;

/// <summary>
/// A self-contained SVG line chart: axes with ticks, lines, shaded bands and a legend. Used for ROC and PR curves,
/// learning curves, reliability diagrams and decision curves, and, with <see cref="Series.Markers"/>, scatter plots
/// (t-SNE maps). Non-finite points are skipped (they break a line).
/// </summary>
public sealed class LineChart
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
    private readonly List<Series> _series = [];
    private readonly List<Band> _bands = [];

    public LineChart(string title, string xLabel, string yLabel)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    public string Title { get; }

    public string XLabel { get; }

    public string YLabel { get; }

    /// <summary>Fixed x range; null fits the data.</summary>
    public (double Min, double Max)? XRange { get; init; }

    /// <summary>Fixed y range; null fits the data.</summary>
    public (double Min, double Max)? YRange { get; init; }

    public int Width { get; init; } = 420;

    public int Height { get; init; } = 320;

    public LineChart Add(Series series)
    {
        _series.Add(series);
        return this;
    }

    public LineChart Add(Band band)
    {
        _bands.Add(band);
        return this;
    }

    /// <summary>
    /// The chart as an <c>&lt;svg&gt;</c> element, <see cref="Width"/> × <see cref="Height"/> for axes and curves plus,
    /// when any series or band is named, a legend column to the right of the plot so that it never hides a curve.
    /// </summary>
    public string ToSvg()
    {
        const double left = 52, right = 12, top = 28, bottom = 42;
        var (x0, x1) = XRange ?? Fit(_series.SelectMany(s => s.X).Concat(_bands.SelectMany(b => b.X)));
        var (y0, y1) = YRange ?? Fit(_series.SelectMany(s => s.Y).Concat(_bands.SelectMany(b => b.Lower.Concat(b.Upper))));
        double plotW = Width - left - right, plotH = Height - top - bottom;
        double Px(double x) => left + ((x - x0) / (x1 - x0) * plotW);
        double Py(double y) => top + plotH - ((y - y0) / (y1 - y0) * plotH);

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(left)}\" y=\"{F(top)}\" width=\"{F(plotW)}\" height=\"{F(plotH)}\" fill=\"none\" stroke=\"#888\"/>");
        var xFormat = TickFormat(x0, x1);
        foreach (var t in Ticks(x0, x1))
        {
            body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Px(t))}\" y1=\"{F(top + plotH)}\" x2=\"{F(Px(t))}\" y2=\"{F(top + plotH + 4)}\" stroke=\"#888\"/>");
            body.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Px(t))}\" y=\"{F(top + plotH + 16)}\" text-anchor=\"middle\" font-size=\"10\">{Label(t, xFormat)}</text>");
        }

        var yFormat = TickFormat(y0, y1);
        foreach (var t in Ticks(y0, y1))
        {
            body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left - 4)}\" y1=\"{F(Py(t))}\" x2=\"{F(left)}\" y2=\"{F(Py(t))}\" stroke=\"#888\"/>");
            body.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left - 6)}\" y=\"{F(Py(t) + 3)}\" text-anchor=\"end\" font-size=\"10\">{Label(t, yFormat)}</text>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + (plotW / 2))}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\">{SvgText.Escape(XLabel)}</text>");
        body.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(13 {F(top + (plotH / 2))}) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">{SvgText.Escape(YLabel)}</text>");

        var legend = new List<(string Name, string Color, string Kind)>();
        var colorIndex = 0;
        foreach (var band in _bands)
        {
            var color = band.Color ?? Palette[colorIndex++ % Palette.Length];
            var upper = Enumerable.Range(0, band.X.Count).Where(i => IsFinite(band.X[i], band.Upper[i])).Select(i => $"{F(Px(Clamp(band.X[i], x0, x1)))},{F(Py(Clamp(band.Upper[i], y0, y1)))}");
            var lower = Enumerable.Range(0, band.X.Count).Reverse().Where(i => IsFinite(band.X[i], band.Lower[i])).Select(i => $"{F(Px(Clamp(band.X[i], x0, x1)))},{F(Py(Clamp(band.Lower[i], y0, y1)))}");
            body.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{string.Join(' ', upper.Concat(lower))}\" fill=\"{color}\" fill-opacity=\"0.2\" stroke=\"none\"/>");
            if (band.Name.Length > 0)
            {
                legend.Add((band.Name, color, "band"));
            }
        }

        foreach (var series in _series)
        {
            if (series.X.Count != series.Y.Count)
            {
                throw new ArgumentException($"series '{series.Name}' has {series.X.Count} x values and {series.Y.Count} y values");
            }

            var color = series.Color ?? Palette[colorIndex++ % Palette.Length];
            var dash = series.Dashed ? " stroke-dasharray=\"5 4\"" : "";
            if (series.Markers)
            {
                foreach (var i in Enumerable.Range(0, series.X.Count).Where(i => IsFinite(series.X[i], series.Y[i])))
                {
                    body.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(Px(series.X[i]))}\" cy=\"{F(Py(series.Y[i]))}\" r=\"{F(series.Width)}\" fill=\"{color}\" fill-opacity=\"0.75\"/>");
                }

                if (series.Name.Length > 0)
                {
                    legend.Add((series.Name, color, "marker"));
                }

                continue;
            }

            foreach (var run in FiniteRuns(series))
            {
                var points = string.Join(' ', run.Select(i => $"{F(Px(series.X[i]))},{F(Py(series.Y[i]))}"));
                body.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{F(series.Width)}\"{dash}/>");
            }

            if (series.Name.Length > 0)
            {
                legend.Add((series.Name, color, series.Dashed ? "dashed" : "line"));
            }
        }

        // The legend is a column right of the plot, wide enough for its longest entry at about 6 px per character of
        // 10 px text, and the canvas grows by that much: a legend inside the axes would hide the curves it names.
        var legendX = Width + 4.0;
        var legendW = legend.Count == 0 ? 0 : 28 + (int)Math.Ceiling(6.0 * legend.Max(l => l.Name.Length));
        for (var i = 0; i < legend.Count; i++)
        {
            var (name, color, kind) = legend[i];
            var ly = top + 8 + (i * 14);
            var swatch = kind switch
            {
                "band" => $"<rect x=\"{F(legendX)}\" y=\"{F(ly - 4)}\" width=\"16\" height=\"8\" fill=\"{color}\" fill-opacity=\"0.3\"/>",
                "marker" => $"<circle cx=\"{F(legendX + 8)}\" cy=\"{F(ly)}\" r=\"3\" fill=\"{color}\"/>",
                "dashed" => $"<line x1=\"{F(legendX)}\" y1=\"{F(ly)}\" x2=\"{F(legendX + 16)}\" y2=\"{F(ly)}\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>",
                _ => $"<line x1=\"{F(legendX)}\" y1=\"{F(ly)}\" x2=\"{F(legendX + 16)}\" y2=\"{F(ly)}\" stroke=\"{color}\" stroke-width=\"2\"/>",
            };
            body.Append(swatch);
            body.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(legendX + 20)}\" y=\"{F(ly + 3)}\" font-size=\"10\">{SvgText.Escape(name)}</text>");
        }

        var width = Width + legendW;
        var height = Math.Max(Height, (int)Math.Ceiling(top + 8 + (legend.Count * 14.0)));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" class=\"chart\" role=\"img\" aria-label=\"{SvgText.Escape(Title)}\" font-family=\"{SvgText.FontFamily}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + (plotW / 2))}\" y=\"17\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\">{SvgText.Escape(Title)}</text>");
        return svg.Append(body).Append("</svg>").ToString();
    }

    /// <summary>About five round tick values covering [min, max].</summary>
    public static IEnumerable<double> Ticks(double min, double max)
    {
        var step = TickStep(min, max);
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
        }
    }

    /// <summary>The spacing of <see cref="Ticks"/>: 1, 2, 2.5 or 5 times a power of ten, about a fifth of the range.</summary>
    private static double TickStep(double min, double max)
    {
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return new[] { 1.0, 2.0, 2.5, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
    }

    /// <summary>A tick label format with as many decimals as the step needs (0.6935 and 0.694 stay apart), none beyond.</summary>
    private static string TickFormat(double min, double max)
    {
        var step = TickStep(min, max);
        var decimals = 0;
        while (decimals < 12 && Math.Abs((step * Math.Pow(10, decimals)) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6)
        {
            decimals++;
        }

        return decimals == 0 ? "0" : "0." + new string('#', decimals);
    }

    private static (double, double) Fit(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return (0, 1);
        }

        double min = finite.Min(), max = finite.Max();
        if (max - min < 1e-12)
        {
            return (min - 0.5, max + 0.5);
        }

        var pad = (max - min) * 0.04;
        return (min - pad, max + pad);
    }

    private static IEnumerable<List<int>> FiniteRuns(Series series)
    {
        var run = new List<int>();
        for (var i = 0; i < series.X.Count; i++)
        {
            if (IsFinite(series.X[i], series.Y[i]))
            {
                run.Add(i);
            }
            else if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private static bool IsFinite(double a, double b) => double.IsFinite(a) && double.IsFinite(b);

    private static double Clamp(double v, double lo, double hi) => Math.Min(hi, Math.Max(lo, v));

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Label(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
