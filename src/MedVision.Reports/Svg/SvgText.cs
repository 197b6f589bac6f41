namespace MedVision.Reports.Svg;

/// <summary>Escaping for text placed inside SVG or HTML markup.</summary>
public static class SvgText
{
    /// <summary>Replaces &amp;, &lt;, &gt;, and both quotes by entities.</summary>
    public static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);
}
