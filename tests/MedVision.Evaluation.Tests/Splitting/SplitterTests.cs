namespace MedVision.Evaluation.Tests.Splitting;

/// <summary>Fold assignments against scikit-learn 1.2.1 (evaluation_splits.py) and the guarantees every splitter keeps.</summary>
public class SplitterTests
{
    private static string[] Names(int[] gid) => [.. gid.Select(g => $"g{g:000}")];

    private static int[] TestFoldOf(IReadOnlyList<Fold> folds, int n)
    {
        var fold = Enumerable.Repeat(-1, n).ToArray();
        foreach (var f in folds)
        {
            foreach (var i in f.Test)
            {
                Assert.Equal(-1, fold[i]); // every case in exactly one test set
                fold[i] = f.Index;
            }

            Assert.Equal(n, f.Train.Length + f.Test.Length);
            Assert.Empty(f.Train.Intersect(f.Test));
        }

        return fold;
    }

    [Theory]
    [InlineData(5)]
    [InlineData(3)]
    public void StratifiedKFold_EqualsSklearn(int k)
    {
        var y = Fixture.I("split_skf_labels");
        var folds = new StratifiedKFold(k).Split(y);
        Assert.Equal(Fixture.I($"split_skf_fold{k}"), TestFoldOf(folds, y.Length));
    }

    [Fact]
    public void StratifiedKFold_Shuffled_KeepsSklearnClassCountsPerFold()
    {
        var y = Fixture.I("split_skf_labels");
        var expected = Fixture.I("split_skf_fold5");
        var shuffled = TestFoldOf(new StratifiedKFold(5, shuffle: true, seed: 9).Split(y), y.Length);
        Assert.NotEqual(expected, shuffled);
        for (var f = 0; f < 5; f++)
        {
            for (var c = 0; c < 2; c++)
            {
                Assert.Equal(Enumerable.Range(0, y.Length).Count(i => expected[i] == f && y[i] == c), Enumerable.Range(0, y.Length).Count(i => shuffled[i] == f && y[i] == c));
            }
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(4)]
    public void StratifiedGroupKFold_EqualsSklearn(int k)
    {
        var y = Fixture.I("split_sgkf_labels");
        var groups = Names(Fixture.I("split_sgkf_groups"));
        var folds = new StratifiedGroupKFold(k).Split(y, groups);
        Assert.Equal(Fixture.I($"split_sgkf_fold{k}"), TestFoldOf(folds, y.Length));
    }

    [Fact]
    public void StratifiedGroupKFold_Shuffled_NoGroupInTwoFolds_BalanceWithinSklearns()
    {
        var y = Fixture.I("split_sgkf_labels");
        var groups = Names(Fixture.I("split_sgkf_groups"));
        var prevalence = y.Average();
        var sklearn = Fixture.D("split_sgkf_shuffle_maxdev");
        var ours = new List<double>();
        for (ulong seed = 0; seed < 20; seed++)
        {
            var fold = TestFoldOf(new StratifiedGroupKFold(5, shuffle: true, seed).Split(y, groups), y.Length);
            foreach (var g in groups.Distinct())
            {
                Assert.Single(Enumerable.Range(0, y.Length).Where(i => groups[i] == g).Select(i => fold[i]).Distinct());
            }

            ours.Add(Enumerable.Range(0, 5).Max(f => Math.Abs(Enumerable.Range(0, y.Length).Where(i => fold[i] == f).Average(i => y[i]) - prevalence)));
        }

        Assert.True(ours.Max() <= sklearn.Max() * 1.25, $"worst fold prevalence deviation {ours.Max():F4}, scikit-learn {sklearn.Max():F4}");
        Assert.True(ours.Average() <= sklearn.Average() * 1.25, $"mean worst deviation {ours.Average():F4}, scikit-learn {sklearn.Average():F4}");
    }

    [Fact]
    public void GroupKFold_EqualsSklearn()
    {
        var groups = Names(Fixture.I("split_gkf_groups"));
        var folds = new GroupKFold(5).Split(new int[groups.Length], groups);
        Assert.Equal(Fixture.I("split_gkf_fold5"), TestFoldOf(folds, groups.Length));
    }

    [Fact]
    public void Repeated_IsSeededAndNumbersRepeats()
    {
        var y = Fixture.I("split_sgkf_labels");
        var groups = Names(Fixture.I("split_sgkf_groups"));
        var a = RepeatedSplitter.StratifiedGroupKFold(5, 3, seed: 4).Split(y, groups);
        var b = RepeatedSplitter.StratifiedGroupKFold(5, 3, seed: 4).Split(y, groups);
        Assert.Equal(15, a.Count);
        Assert.Equal([0, 1, 2], a.Select(f => f.Repeat).Distinct());
        Assert.True(a.Zip(b).All(p => p.First.Test.SequenceEqual(p.Second.Test)));
        Assert.False(a[0].Test.SequenceEqual(a[5].Test));
    }

    [Fact]
    public void HoldOut_StratifiedFractionPerClass_AndGroupsStayTogether()
    {
        var y = Fixture.I("split_skf_labels");
        var fold = Assert.Single(new HoldOutSplit(0.2, seed: 1).Split(y));
        for (var c = 0; c < 2; c++)
        {
            var total = y.Count(v => v == c);
            Assert.Equal((int)Math.Round(0.2 * total, MidpointRounding.AwayFromZero), fold.Test.Count(i => y[i] == c));
        }

        var gy = Fixture.I("split_sgkf_labels");
        var groups = Names(Fixture.I("split_sgkf_groups"));
        var grouped = Assert.Single(new HoldOutSplit(0.25, seed: 2).Split(gy, groups));
        Assert.Empty(grouped.Train.Select(i => groups[i]).Intersect(grouped.Test.Select(i => groups[i])));
        Assert.InRange(grouped.Test.Length / (double)gy.Length, 0.2, 0.32);
    }

    [Fact]
    public void FoldAssignments_RoundTripThroughCsv_IntoPredefinedSplit()
    {
        var y = Fixture.I("split_skf_labels");
        var ids = y.Select((_, i) => $"case,{i}").ToArray();
        var folds = new StratifiedKFold(5).Split(y);
        using var writer = new StringWriter();
        FoldAssignments.Write(writer, ids, folds);
        Assert.StartsWith("id,fold\n\"case,0\",", writer.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var testFold = FoldAssignments.Read(new StringReader(writer.ToString()), ids);
        var again = new PredefinedSplit(testFold).Split(y);
        Assert.True(folds.Zip(again).All(p => p.First.Test.SequenceEqual(p.Second.Test)));
    }

    [Fact]
    public void PredefinedSplit_FromSplitNames_TestIsTheTestFolder()
    {
        var fold = Assert.Single(PredefinedSplit.FromSplitNames(["train", "test", "Train", "TEST"]).Split([0, 1, 0, 1]));
        Assert.Equal([1, 3], fold.Test);
        Assert.Equal([0, 2], fold.Train);
    }

    [Fact]
    public void BadArguments_AreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StratifiedKFold(1).Split([0, 1]));
        Assert.Contains("nSplits must be ≥ 2, got 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new StratifiedKFold(5).Split([0, 1, 0, 1]));
        Assert.Throws<ArgumentNullException>(() => new GroupKFold(2).Split([0, 1]));
        var f = Assert.Throws<FormatException>(() => FoldAssignments.Read(new StringReader("id,fold\na,x\n"), ["a"], "folds.csv"));
        Assert.Contains("folds.csv: line 2", f.Message, StringComparison.Ordinal);
    }
}
