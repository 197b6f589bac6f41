using System.Xml.Linq;
using MedVision.Reports.Images;
using MedVision.Reports.Svg;

namespace MedVision.Reports.Tests;

public class HeatMapTests
{
    [Theory]
    [InlineData(0f, 0f, 0f, 0.5f)]
    [InlineData(0.25f, 0f, 0.5f, 1f)]
    [InlineData(0.5f, 0.5f, 1f, 0.5f)]
    [InlineData(0.75f, 1f, 0.5f, 0f)]
    [InlineData(1f, 0.5f, 0f, 0f)]
    [InlineData(7f, 0.5f, 0f, 0f)]
    public void Jet_IsMatplotlibsRamp(float value, float r, float g, float b) =>
        Assert.Equal((r, g, b), HeatMap.Jet(value));

    [Fact]
    public void Overlay_BlendsStretchedGreyWithJet()
    {
        var rgb = HeatMap.Overlay([10f, 20f], [0f, 1f], alpha: 0.5f);
        // Pixel 0: grey 0, jet(0) = (0, 0, 0.5); pixel 1: grey 1, jet(1) = (0.5, 0, 0).
        Assert.Equal([0f, 191f, 0f, 128f, 64f, 128f], rgb);
        Assert.Throws<ArgumentException>(() => HeatMap.Overlay([1f, 2f], [0f]));
    }

    [Fact]
    public void MarkerSeries_DrawsOneDotPerFinitePointAndNoLine()
    {
        XNamespace svg = "http://www.w3.org/2000/svg";
        var chart = new LineChart("t-SNE", "1", "2")
            .Add(new Series("normal", [0, 1, double.NaN], [0, 1, 2], Markers: true))
            .Add(new Series("lesion", [2], [3], Markers: true));
        var doc = XDocument.Parse(chart.ToSvg());
        Assert.Empty(doc.Descendants(svg + "polyline"));
        Assert.Equal(3 + 2, doc.Descendants(svg + "circle").Count());
        Assert.Contains(doc.Descendants(svg + "text"), t => t.Value == "lesion");
    }
}
