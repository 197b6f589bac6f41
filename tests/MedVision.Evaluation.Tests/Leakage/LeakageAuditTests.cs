using MedVision.Imaging.Features;

namespace MedVision.Evaluation.Tests.Leakage;

public class LeakageAuditTests
{
    /// <summary>A smooth synthetic image: a few Gaussian blobs at seeded positions.</summary>
    private static float[] Blobs(int seed, int w, int h, double noise = 0, int noiseSeed = 0)
    {
        var rng = new Random(seed);
        var blobs = Enumerable.Range(0, 4).Select(_ => (X: rng.NextDouble(), Y: rng.NextDouble(), S: 0.08 + 0.1 * rng.NextDouble(), A: 50 + 150 * rng.NextDouble())).ToArray();
        var noiseRng = new Random(noiseSeed);
        var data = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var (u, v) = ((x + 0.5) / w, (y + 0.5) / h);
                var value = blobs.Sum(b => b.A * Math.Exp(-((u - b.X) * (u - b.X) + (v - b.Y) * (v - b.Y)) / (2 * b.S * b.S)));
                data[y * w + x] = (float)(value + noise * (noiseRng.NextDouble() - 0.5));
            }
        }

        return data;
    }

    /// <summary>The audit with Imaging's DCT perceptual hash as its near-duplicate key, as image stores run it.</summary>
    private static readonly LeakageAuditOptions WithHash = new()
    {
        PerceptualKey = p =>
        {
            var reduced = PerceptualHash.Downsample(p.Channels, p.Height, p.Width, p.Data.Span);
            return new PerceptualKey(PerceptualHash.Compute(reduced), reduced);
        },
    };

    private static AuditSample Sample(string id, string group, string split, int label, float[] data, int w, int h) =>
        new(id, group, split, label, () => new AuditPixels(w, h, data));

    [Fact]
    public void Audit_FindsExactAndNearDuplicates_GroupsAcrossSplits_AndMergesGroups()
    {
        var a = Blobs(1, 48, 48);
        var b = Blobs(2, 48, 48);
        var c = Blobs(3, 48, 48);
        var aNoisy = Blobs(1, 48, 48, noise: 4, noiseSeed: 9);
        var bSmall = Blobs(2, 24, 24);
        var samples = new List<AuditSample>
        {
            Sample("a", "p1", "train", 1, a, 48, 48),
            Sample("a-copy", "p2", "test", 1, (float[])a.Clone(), 48, 48),
            Sample("a-noisy", "p3", "train", 1, aNoisy, 48, 48),
            Sample("b", "p4", "train", 0, b, 48, 48),
            Sample("b-small", "p5", "test", 0, bSmall, 24, 24),
            Sample("c", "p6", "train", 0, c, 48, 48),
            Sample("c2", "p6", "test", 0, Blobs(4, 48, 48), 48, 48),
        };

        var report = LeakageAudit.Run(samples, WithHash);
        var set = Assert.Single(report.ExactDuplicates);
        Assert.Equal(["a", "a-copy"], set.Ids);
        Assert.True(set.CrossesSplits);
        Assert.Contains(report.NearDuplicates, p => p.IdA == "a" && p.IdB == "a-noisy" && p.Correlation >= 0.98 && !p.CrossesSplits);
        Assert.Contains(report.NearDuplicates, p => p.IdA == "b" && p.IdB == "b-small" && p.CrossesSplits);
        Assert.DoesNotContain(report.NearDuplicates, p => p.IdA == "c" || p.IdB == "c" || p.IdB == "c2");
        Assert.Equal("p6", Assert.Single(report.GroupsAcrossSplits).Group);
        Assert.False(report.Clean);
        Assert.Equal(2, report.DuplicatesAcrossSplits);
        Assert.Equal(["p1", "p1", "p1", "p4", "p4", "p6", "p6"], report.MergedGroups);
        Assert.Equal(3, report.MergedGroupCount);
        var train = report.ClassBalance.Single(s => s.Split == "train");
        Assert.Equal(4, train.Samples);
        Assert.Equal(2, train.Counts[0]);
        Assert.Equal(2, train.Counts[1]);

        // The merged groups keep every duplicate on one side of a grouped split.
        var folds = new StratifiedGroupKFold(2).Split(samples.Select(s => s.Label).ToArray(), report.MergedGroups);
        foreach (var fold in folds)
        {
            Assert.Empty(fold.Train.Select(i => report.MergedGroups[i]).Intersect(fold.Test.Select(i => report.MergedGroups[i])));
        }

        var json = System.Text.Json.JsonSerializer.Serialize(report);
        Assert.Contains("\"exact_duplicate_sets\":[{\"ids\":[\"a\",\"a-copy\"]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("MergedGroups", json, StringComparison.Ordinal);
    }

    [Fact]
    public void CleanSet_IsClean()
    {
        var report = LeakageAudit.Run([Sample("x", "g1", "train", 0, Blobs(5, 40, 40), 40, 40), Sample("y", "g2", "test", 1, Blobs(6, 40, 40), 40, 40)], WithHash);
        Assert.True(report.Clean);
        Assert.Empty(report.ExactDuplicates);
        Assert.Empty(report.NearDuplicates);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void BadPixels_NameTheSample()
    {
        var e = Assert.Throws<ArgumentException>(() => LeakageAudit.Run([new AuditSample("bad", null, null, 0, () => new AuditPixels(4, 4, new float[15]))]));
        Assert.Contains("sample 'bad'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LeakageAudit.Run([Sample("x", "g", "t", 0, new float[4], 2, 2), Sample("x", "g", "t", 0, new float[4], 2, 2)]));
    }

    [Fact]
    public void WithoutAPerceptualKey_OnlyExactDuplicatesAreSearched_AndTheMethodSaysSo()
    {
        var a = Blobs(1, 48, 48);
        List<AuditSample> samples = [Sample("a", "p1", "train", 1, a, 48, 48), Sample("a-copy", "p2", "test", 1, (float[])a.Clone(), 48, 48),
            Sample("a-noisy", "p3", "train", 1, Blobs(1, 48, 48, noise: 4, noiseSeed: 9), 48, 48)];
        var exact = LeakageAudit.Run(samples);
        Assert.Single(exact.ExactDuplicates);
        Assert.Empty(exact.NearDuplicates);
        Assert.Contains("near-duplicates not searched", exact.Method, StringComparison.Ordinal);
        Assert.Single(LeakageAudit.Run(samples, WithHash).NearDuplicates);
    }

    [Fact]
    public void PerceptualKeys_OfDifferentReductionSizes_AreRefused()
    {
        var sizes = new Dictionary<int, int> { [16] = 64, [8] = 16 };
        var options = new LeakageAuditOptions { PerceptualKey = p => new PerceptualKey(0, new float[sizes[p.Width]]) };
        var e = Assert.Throws<ArgumentException>(() => LeakageAudit.Run([Sample("x", "g1", "train", 0, Blobs(5, 16, 16), 16, 16), Sample("y", "g2", "test", 1, Blobs(6, 8, 8), 8, 8)], options));
        Assert.Contains("reductions differ in length (16, 64)", e.Message, StringComparison.Ordinal);
    }
}
