using MedVision.Reports.Html;
using MedVision.Reports.Json;
using MedVision.Reports.Svg;
using MedVision.Reports.Tables;

namespace MedVision.Reports.Tests;

public class HtmlReportTests
{
    [Fact]
    public void Report_IsSelfContainedWithTocAndEscapedText()
    {
        var html = new HtmlReport("Study <1>")
            .Section("data", "Data set").Paragraph("<script>alert(1)</script>")
            .Section("models", "Models").Table(new ResultTable("m", ["a"], [["1"]]))
            .Figures(new Figure("roc-c", new LineChart("c", "x", "y").Add(new Series("s", [0, 1], [0, 1])).ToSvg()))
            .Gallery("false positives", [([1, 2, 3], "case 7 p=0.91")])
            .ToHtml();

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Study &lt;1&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#data\">Data set</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#models\">Models</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,AQID", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<section").Length - 1);
        Assert.Equal(2, html.Split("</section>").Length - 1);
    }

    [Fact]
    public void Figures_RefuseNonSvgMarkup() =>
        Assert.Throws<ArgumentException>(() => new HtmlReport("t").Figures(new Figure("x", "<img src=x onerror=alert(1)>")));

    [Fact]
    public void Figures_AreListedByName_AndNamesAreUniqueFileSlugs()
    {
        var svg = new LineChart("c", "x", "y").ToSvg();
        var report = new HtmlReport("t").Figures(new Figure("roc-a", svg), new Figure("pr-a", svg));
        Assert.Equal(["roc-a", "pr-a"], report.FigureList.Select(f => f.Name));
        Assert.Contains("<figure id=\"fig-roc-a\">", report.ToHtml(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => report.Figures(new Figure("roc-a", svg)));
        Assert.Throws<ArgumentException>(() => report.Figures(new Figure("../evil", svg)));
        Assert.Throws<ArgumentException>(() => report.Figures(new Figure("", svg)));
        Assert.Equal("roc-seed-cnn-fold-1", Figure.Slug("ROC, Seed CNN (fold 1)"));
    }

    private sealed record Sample(string ModelName, double AreaUnderCurve, double Missing);

    [Fact]
    public void ResultsJson_UsesSnakeCaseAndNullForNaN()
    {
        var json = ResultsJson.Serialize(new Sample("rf", 0.5, double.NaN));
        Assert.Contains("\"model_name\": \"rf\"", json, StringComparison.Ordinal);
        Assert.Contains("\"area_under_curve\": 0.5", json, StringComparison.Ordinal);
        Assert.Contains("\"missing\": null", json, StringComparison.Ordinal);
    }
}
