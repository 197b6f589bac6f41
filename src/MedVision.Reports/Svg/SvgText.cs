namespace MedVision.Reports.Svg;

/// <summary>Escaping for text placed inside SVG or HTML markup, and the font every chart asks for.</summary>
public static class SvgText
{
    /// <summary>
    /// The charts' <c>font-family</c>: metric-compatible sans-serif faces found on Linux (DejaVu, Liberation), macOS and
    /// Windows (Helvetica, Arial), so that a chart looks the same in a browser and in its PNG rendering.
    /// </summary>
    public const string FontFamily = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif";

    /// <summary>Replaces &amp;, &lt;, &gt;, and both quotes by entities.</summary>
    public static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);
}
