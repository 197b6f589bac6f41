namespace MedVision.Evaluation.Tests.Io;

public class ScoreTableTests
{
    private static ScoreTable Parse(string text) => ScoreTable.Read(new StringReader(text), "s.csv");

    [Fact]
    public void Reads_Columns_InAnyOrder_WithGroupAndId()
    {
        var t = Parse("id,Score,label,group,extra\n\"a,1\",0.9,1,p1,x\nb,1e-3,0,p2,y\n\n");
        Assert.Equal([1, 0], t.Labels);
        Assert.Equal([0.9, 0.001], t.Scores);
        Assert.Equal(["p1", "p2"], t.Groups!);
        Assert.Equal(["a,1", "b"], t.Ids!);
    }

    [Theory]
    [InlineData("label,score\n1,abc\n", "s.csv: line 2, column 2 (score): expected a finite number, got 'abc'")]
    [InlineData("label,score\n0,0.1\n2,0.3\n", "s.csv: line 3, column 1 (label): expected 0 or 1, got '2'")]
    [InlineData("label,score\n1,NaN\n", "s.csv: line 2, column 2 (score)")]
    [InlineData("label,value\n1,0.5\n", "s.csv: line 1: no 'score' column")]
    [InlineData("label,score\n1,0.5,3\n", "s.csv: line 2: expected 2 fields")]
    [InlineData("label,score\n", "s.csv: no data rows")]
    [InlineData("", "s.csv: line 1: expected a header")]
    [InlineData("id,label,score\na,1,0.2\na,0,0.1\n", "id 'a' appears more than once")]
    public void BadFiles_NameFileLineAndColumn(string text, string message)
    {
        var e = Assert.Throws<ScoreFileException>(() => Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pair_ById_ReordersB_AndChecksLabels()
    {
        var a = Parse("id,label,score\nx,1,0.9\ny,0,0.2\n");
        var b = Parse("id,label,score\ny,0,0.4\nx,1,0.7\n");
        var (labels, sa, sb) = ScoreTable.Pair(a, b);
        Assert.Equal([1, 0], labels);
        Assert.Equal([0.9, 0.2], sa);
        Assert.Equal([0.7, 0.4], sb);
        var wrong = Parse("id,label,score\ny,1,0.4\nx,1,0.7\n");
        Assert.Contains("label 1 of id 'y' differs", Assert.Throws<ScoreFileException>(() => ScoreTable.Pair(a, wrong)).Message, StringComparison.Ordinal);
        var missing = Parse("id,label,score\nz,0,0.4\nx,1,0.7\n");
        Assert.Contains("no row with id 'y'", Assert.Throws<ScoreFileException>(() => ScoreTable.Pair(a, missing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pair_ByRow_NeedsSameLengthAndLabels()
    {
        var a = Parse("label,score\n1,0.9\n0,0.2\n");
        Assert.Contains("rows are matched in order", Assert.Throws<ScoreFileException>(() => ScoreTable.Pair(a, Parse("label,score\n1,0.9\n"))).Message, StringComparison.Ordinal);
        Assert.Contains("line 3: label 1 differs", Assert.Throws<ScoreFileException>(() => ScoreTable.Pair(a, Parse("label,score\n1,0.9\n1,0.3\n"))).Message, StringComparison.Ordinal);
    }
}
