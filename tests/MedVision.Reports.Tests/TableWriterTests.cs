using MedVision.Reports.Tables;

namespace MedVision.Reports.Tests;

public class TableWriterTests
{
    private static readonly ResultTable Table = new("Metrics", ["model", "AUC"], [["wavelet_rf", "0.95 (0.93–0.97)"], ["a|b", "1"]]);

    [Fact]
    public void Markdown_HasHeaderRuleAndEscapedPipes()
    {
        var expected = "**Metrics**\n\n| model | AUC |\n| --- | --- |\n| wavelet_rf | 0.95 (0.93–0.97) |\n| a\\|b | 1 |\n";
        Assert.Equal(expected, TableWriter.ToMarkdown(Table).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Latex_EscapesSpecialCharacters()
    {
        Assert.Equal("a\\_b \\& 50\\% \\#1 \\{x\\} \\textasciitilde{} \\textbackslash{} $\\pm$", TableWriter.Latex("a_b & 50% #1 {x} ~ \\ ±"));
        var tex = TableWriter.ToLatex(Table);
        Assert.Contains("\\begin{tabular}{lr}", tex, StringComparison.Ordinal);
        Assert.Contains("wavelet\\_rf & 0.95 (0.93–0.97) \\\\", tex, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_QuotesOnlyWhatNeedsIt()
    {
        var csv = TableWriter.ToCsv(new ResultTable("t", ["a", "b"], [["x,y", "say \"hi\""], ["plain", "2"]]));
        Assert.Equal("a,b\n\"x,y\",\"say \"\"hi\"\"\"\nplain,2\n", csv.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void RaggedRow_IsAnError()
    {
        var ragged = new ResultTable("t", ["a", "b"], [["only one"]]);
        Assert.Throws<ArgumentException>(() => TableWriter.ToMarkdown(ragged));
    }
}
