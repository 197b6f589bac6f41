using System.Globalization;
using System.Text.Json;
using MedVision.Testing;

namespace MedVision.Data.Tests;

public sealed class LunaCandidatesTests : IDisposable
{
    private const string Uid = "1.2.840.99.1";
    private readonly string _root = Directory.CreateTempSubdirectory("mv-luna-").FullName;
    private readonly JsonElement _reference = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("imaging", "patches", "world_points.json"))).RootElement;

    public LunaCandidatesTests()
    {
        // The fixture volume (rotated, mirrored direction; spacing 0.7 × 0.8 × 2.5 mm) in a LUNA16-like subset folder.
        var subset = Directory.CreateDirectory(Path.Combine(_root, "subset0")).FullName;
        foreach (var ext in new[] { ".mhd", ".raw" })
        {
            File.Copy(RepoPaths.Fixture("imaging", "patches", Uid + ext), Path.Combine(subset, Uid + ext));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private double[] World(int point) => [.. _reference.GetProperty("points")[point].GetProperty("world").EnumerateArray().Select(v => v.GetDouble())];

    private static string Row(string uid, double[] w, int label) =>
        string.Create(CultureInfo.InvariantCulture, $"{uid},{w[0]:R},{w[1]:R},{w[2]:R},{label}");

    /// <summary>Points 0 and 2 are nodules, 1, 3, 4, 5 and 6 candidates; one more candidate belongs to a series without a volume.</summary>
    private string Candidates(params string[] extra)
    {
        var path = Path.Combine(_root, "candidates.csv");
        var labels = new[] { 1, 0, 1, 0, 0, 0, 0 };
        File.WriteAllLines(path, ["seriesuid,coordX,coordY,coordZ,class", .. labels.Select((l, i) => Row(Uid, World(i), l)), Row("9.9.9", World(0), 0), .. extra]);
        return path;
    }

    private static DatasetOptions Options(double ratio, int seed = 0) =>
        new() { Seed = seed, Luna = new LunaOptions { PatchSize = 6, NegativeRatio = ratio } };

    [Fact]
    public void AllCandidates_GiveWindowedPatchesAtTheWorldPoints()
    {
        var set = DatasetDiscovery.Discover(Candidates(), Options(double.PositiveInfinity));
        Assert.Equal(["non-nodule", "nodule"], set.ClassNames);
        Assert.Equal(7, set.Samples.Count);
        Assert.All(set.Samples, s => Assert.Equal(Uid, s.Group));
        Assert.Equal($"{Uid}/2", set.Samples[0].Id);
        Assert.Equal([1, 0, 1, 0, 0, 0, 0], set.Samples.Select(s => s.Label));
        Assert.Contains(set.Notes, n => n.StartsWith("1 candidates of 1 series left out", StringComparison.Ordinal));

        var store = ImageStore.Load(set);
        for (var i = 0; i < 7; i++)
        {
            var expected = _reference.GetProperty("points")[i].GetProperty("patch").EnumerateArray().SelectMany(r => r.EnumerateArray())
                .Select(v => (float)Math.Clamp((v.GetDouble() + 1000) * 255 / 1400, 0, 255));
            Assert.Equal(expected, store.Images[i].Data);
        }
    }

    [Fact]
    public void Negatives_AreUndersampledBySeed()
    {
        var path = Candidates();
        var a = DatasetDiscovery.Discover(path, Options(1.5, seed: 1));
        Assert.Equal(5, a.Samples.Count);
        Assert.Equal([2, 3], a.ClassCounts().Reverse());
        Assert.Equal(a.Samples, DatasetDiscovery.Discover(path, Options(1.5, seed: 1)).Samples);
        var draws = Enumerable.Range(0, 8).Select(seed => string.Join(' ', DatasetDiscovery.Discover(path, Options(1.5, seed)).Samples.Select(s => s.Id))).Distinct();
        Assert.True(draws.Count() > 1, "different seeds should keep different negatives");
        Assert.Contains(a.Notes, n => n.StartsWith("negatives undersampled to 3 of 5", StringComparison.Ordinal));
    }

    [Fact]
    public void VolumesFolder_IsAnOption()
    {
        var csv = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "lists")).FullName, "c.csv");
        File.Copy(Candidates(), csv);
        Assert.Throws<DatasetFormatException>(() => DatasetDiscovery.Discover(csv, Options(double.PositiveInfinity)));
        Assert.Equal(7, DatasetDiscovery.Discover(csv, Options(double.PositiveInfinity) with { Volumes = _root }).Samples.Count);
    }

    [Fact]
    public void CandidateOutsideTheVolume_IsAFormatErrorOnLoad()
    {
        var w = World(0);
        var set = DatasetDiscovery.Discover(Candidates(Row(Uid, [w[0], w[1], w[2] + 100], 1)), Options(double.PositiveInfinity));
        var e = Assert.Throws<DatasetFormatException>(() => ImageStore.Load(set));
        Assert.Contains("outside the volume's 5 slices", e.Message, StringComparison.Ordinal);
        Assert.Contains(Uid + ".mhd", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seriesuid,coordX,coordY,coordZ,diameter_mm", "1.2.840.99.1,1,2,3,4.5", "annotations file lists nodules only")]
    [InlineData("seriesuid,coordX,coordY,coordZ,class", "1.2.840.99.1,1,2,3,2", "line 2: class must be 0 or 1")]
    [InlineData("seriesuid,coordX,coordY,coordZ,class", "1.2.840.99.1,1,y,3,0", "line 2: coordy must be a number")]
    [InlineData("seriesuid,coordX,coordY,coordZ,class", "1.2.840.99.1,1,2,0", "line 2: 4 columns")]
    public void BadRows_AreFormatErrorsWithTheLine(string header, string row, string expected)
    {
        var path = Path.Combine(_root, "bad.csv");
        File.WriteAllLines(path, [header, row]);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetDiscovery.Discover(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
