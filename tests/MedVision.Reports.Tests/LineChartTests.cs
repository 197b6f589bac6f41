using System.Xml.Linq;
using MedVision.Reports.Svg;

namespace MedVision.Reports.Tests;

public class LineChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Points_MapToPlotCoordinates()
    {
        // Default 420×320 canvas: plot area x ∈ [52, 408], y ∈ [28, 278].
        var chart = new LineChart("ROC", "FPR", "TPR") { XRange = (0, 1), YRange = (0, 1) }
            .Add(new Series("model", [0, 0.5, 1], [0, 0.5, 1]));

        var doc = XDocument.Parse(chart.ToSvg());

        var line = Assert.Single(doc.Descendants(Svg + "polyline"));
        Assert.Equal("52,278 230,153 408,28", line.Attribute("points")!.Value);
    }

    [Fact]
    public void NonFinitePoint_BreaksTheLine()
    {
        var chart = new LineChart("loss", "epoch", "loss").Add(new Series("train", [1, 2, 3, 4, 5], [1, 0.8, double.NaN, 0.5, 0.4]));
        var doc = XDocument.Parse(chart.ToSvg());
        Assert.Equal(2, doc.Descendants(Svg + "polyline").Count());
    }

    [Fact]
    public void Band_IsAClosedPolygonAndHasALegendEntry()
    {
        var chart = new LineChart("ROC", "FPR", "TPR") { XRange = (0, 1), YRange = (0, 1) }
            .Add(new Band("± 1 std", [0, 1], [0, 0.5], [0.5, 1]));
        var doc = XDocument.Parse(chart.ToSvg());
        var polygon = Assert.Single(doc.Descendants(Svg + "polygon"));
        Assert.Equal("52,153 408,28 408,153 52,278", polygon.Attribute("points")!.Value);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "± 1 std");
    }

    [Fact]
    public void Ticks_AreRoundValuesCoveringTheRange()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], LineChart.Ticks(0, 1).Select(t => Math.Round(t, 10)));
        Assert.Equal([0, 50, 100], LineChart.Ticks(-3, 120).Select(t => Math.Round(t, 10)).Where(t => t % 50 == 0));
    }

    [Fact]
    public void Text_IsEscaped()
    {
        var svg = new LineChart("a < b & c", "x", "y").Add(new Series("<s>", [0, 1], [0, 1])).ToSvg();
        var doc = XDocument.Parse(svg);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "a < b & c");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "<s>");
    }

    [Fact]
    public void MismatchedSeries_IsAnError()
    {
        var chart = new LineChart("t", "x", "y").Add(new Series("bad", [0, 1, 2], [0, 1]));
        Assert.Throws<ArgumentException>(() => chart.ToSvg());
    }

    [Fact]
    public void ConfusionMatrix_ShowsCountsAndRowPercentages()
    {
        var doc = XDocument.Parse(ConfusionMatrixChart.ToSvg("CM", ["normal", "lesion"], [[40, 10], [5, 45]]));
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("40", texts);
        Assert.Contains("45", texts);
        Assert.Contains(texts, t => t.StartsWith("80", StringComparison.Ordinal) && t.EndsWith('%'));
        Assert.Contains(texts, t => t.StartsWith("90", StringComparison.Ordinal) && t.EndsWith('%'));
        Assert.Throws<ArgumentException>(() => ConfusionMatrixChart.ToSvg("CM", ["a", "b"], [[1, 2]]));
    }

    [Fact]
    public void Legend_SitsRightOfThePlot_NeverOverTheCurves()
    {
        var chart = new LineChart("ROC", "FPR", "TPR") { XRange = (0, 1), YRange = (0, 1) }
            .Add(new Series("fold 1 (AUC 0.912)", [0, 1], [0, 1]))
            .Add(new Series("chance", [0, 1], [0, 1], Dashed: true));
        var doc = XDocument.Parse(chart.ToSvg());

        // Plot area ends at x = 408 of the 420-wide chart; the legend's swatches and text start beyond it.
        var legendText = doc.Descendants(Svg + "text").Single(t => t.Value == "fold 1 (AUC 0.912)");
        Assert.True(double.Parse(legendText.Attribute("x")!.Value, System.Globalization.CultureInfo.InvariantCulture) > 420);
        var width = int.Parse(doc.Root!.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(width >= 420 + (6 * "fold 1 (AUC 0.912)".Length), $"canvas {width} wide leaves no room for the legend");
        Assert.Contains("sans-serif", doc.Root.Attribute("font-family")!.Value, StringComparison.Ordinal);

        // Axes are labelled.
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "FPR");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "TPR");
    }

    [Fact]
    public void NoNamedSeries_NoLegendColumn()
    {
        var doc = XDocument.Parse(new LineChart("t", "x", "y").Add(new Series("", [0, 1], [0, 1])).ToSvg());
        Assert.Equal("420", doc.Root!.Attribute("width")!.Value);
    }

    [Fact]
    public void TickLabels_TellCloseValuesApart()
    {
        var doc = XDocument.Parse(new LineChart("loss", "epoch", "loss") { YRange = (0.6930, 0.6950) }.Add(new Series("train", [1, 2], [0.6931, 0.6949])).ToSvg());
        var labels = doc.Descendants(Svg + "text").Where(t => t.Attribute("text-anchor")?.Value == "end").Select(t => t.Value).ToList();
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Contains("0.6935", labels);
    }
}
