using MedVision.Classical.Composition;

namespace MedVision.Classical.Tests;

/// <summary>The estimator contract, run over every classifier of <see cref="ClassifierTable"/>.</summary>
public sealed class EstimatorSuiteTests
{
    public static TheoryData<string> Names() => [.. ClassifierTable.Names];

    // A small two-class set with labels 3 and 7 (not 0/1) so that label mapping is exercised.
    private static (FeatureMatrix X, int[] Y, FeatureMatrix Test) Data()
    {
        var (x, y, test, _) = Fixtures.Set("realistic", z: false);
        var rows = Enumerable.Range(0, 120).ToArray();
        return (x.SelectRows(rows), rows.Select(i => y[i] == 1 ? 7 : 3).ToArray(), test.SelectRows(Enumerable.Range(0, 40).ToArray()));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FitPredict_ProbabilitiesAreDistributions_AndLabelsAreClasses(string name)
    {
        var (x, y, test) = Data();
        var fitted = ClassifierTable.CreateScaledPipeline(name).Fit(x, y);
        Assert.Equal([3, 7], fitted.Classes);
        Assert.Equal(x.Cols, fitted.FeatureCount);
        var p = fitted.PredictProba(test);
        Assert.Equal((test.Rows, 2), (p.Rows, p.Cols));
        for (var i = 0; i < p.Rows; i++)
        {
            Assert.All(p.Row(i).ToArray(), v => Assert.InRange(v, 0.0, 1.0));
            Assert.Equal(1.0, p[i, 0] + p[i, 1], 1e-12);
        }

        var labels = fitted.Predict(test);
        Assert.All(labels, l => Assert.Contains(l, new[] { 3, 7 }));

        // Better than chance on held-out rows of an informative set.
        var (_, _, _, testY) = Fixtures.Set("realistic");
        var truth = testY.Take(40).Select(v => v == 1 ? 7 : 3).ToArray();
        Assert.True(labels.Zip(truth).Count(t => t.First == t.Second) >= 24, $"{name}: accuracy not above chance");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SameSeed_SameBytes(string name)
    {
        var (x, y, test) = Data();
        var a = ClassifierTable.CreateScaledPipeline(name).Fit(x, y).PredictProba(test).Values;
        var b = ClassifierTable.CreateScaledPipeline(name).Fit(x, y).PredictProba(test).Values;
        Assert.Equal(a, b);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ThreeClasses_GiveThreeColumns(string name)
    {
        var (x, y, test, _) = Fixtures.Set("multi", z: true);
        var p = ClassifierTable.Create(name).Fit(x, y).PredictProba(test);
        Assert.Equal(3, p.Cols);
        for (var i = 0; i < p.Rows; i++)
        {
            Assert.Equal(1.0, p.Row(i).ToArray().Sum(), 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void NaNInput_IsRejected_NamingTheCell(string name)
    {
        var (x, y, _) = Data();
        var bad = x.Clone();
        bad[5, 2] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => ClassifierTable.Create(name).Fit(bad, y));
        Assert.Contains("row 5, column 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MismatchedLengths_AreRejected(string name)
    {
        var (x, y, _) = Data();
        var e = Assert.Throws<ArgumentException>(() => ClassifierTable.Create(name).Fit(x, y[..^1]));
        Assert.Contains($"({x.Rows})", e.Message, StringComparison.Ordinal);
        Assert.Contains($"got {y.Length - 1}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SingleClass_IsRejected(string name)
    {
        var (x, y, _) = Data();
        var e = Assert.Throws<ArgumentException>(() => ClassifierTable.Create(name).Fit(x, y.Select(_ => 7).ToArray()));
        Assert.Contains("at least two classes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void WrongFeatureCount_AtPredict_IsRejected(string name)
    {
        var (x, y, _) = Data();
        var fitted = ClassifierTable.Create(name).Fit(x, y);
        var e = Assert.Throws<ArgumentException>(() => fitted.PredictProba(new FeatureMatrix(2, x.Cols + 1)));
        Assert.Contains($"{x.Cols} features", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownName_ListsTheTable()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassifierTable.Create("xgboost"));
        Assert.Contains("svm, nb, knn, dt, lr, rf, gb, mlp", e.Message, StringComparison.Ordinal);
    }
}
