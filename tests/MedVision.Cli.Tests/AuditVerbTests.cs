using System.Globalization;
using System.Text.Json;
using MedVision.Imaging.Io;
using MedVision.Testing;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class AuditVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mv-audit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Npz_DuplicateAcrossSplits_IsFound()
    {
        var path = Path.Combine(_dir, "set.npz");
        var train = Enumerable.Range(0, 3 * 16).Select(i => (float)((i * 37) % 256)).ToArray();
        var test = train[16..32].Concat(Enumerable.Range(0, 16).Select(i => (float)(i * 9))).ToArray();
        NpzWriter.Write(path, new Dictionary<string, NpyArray>
        {
            ["train_images"] = new([3, 4, 4], train, NpyDType.UInt8),
            ["train_labels"] = new([3, 1], [0f, 1f, 0f], NpyDType.UInt8),
            ["test_images"] = new([2, 4, 4], test, NpyDType.UInt8),
            ["test_labels"] = new([2, 1], [1f, 0f], NpyDType.UInt8),
        });

        var (code, output, err) = Run("audit", path, "--json", "--exact-only");

        Assert.True(code == ExitCodes.Success, err);
        using var doc = JsonDocument.Parse(output);
        var sets = doc.RootElement.GetProperty("exact_duplicate_sets").EnumerateArray().ToList();
        Assert.Single(sets);
        Assert.Equal(1, doc.RootElement.GetProperty("duplicates_across_splits").GetInt32());
        Assert.Contains("test/0", sets[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("train/1", sets[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CandidateList_TakesThePatchFlags()
    {
        var volumes = Directory.CreateDirectory(Path.Combine(_dir, "volumes")).FullName;
        foreach (var ext in new[] { ".mhd", ".raw" })
        {
            File.Copy(RepoPaths.Fixture("imaging", "patches", "1.2.840.99.1" + ext), Path.Combine(volumes, "1.2.840.99.1" + ext));
        }

        using var reference = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("imaging", "patches", "world_points.json")));
        var rows = reference.RootElement.GetProperty("points").EnumerateArray().Take(7).Select((p, i) =>
        {
            var w = p.GetProperty("world").EnumerateArray().Select(v => v.GetDouble().ToString("R", CultureInfo.InvariantCulture));
            return $"1.2.840.99.1,{string.Join(',', w)},{(i is 0 or 2 ? 1 : 0)}";
        });
        var csv = Path.Combine(_dir, "candidates.csv");
        File.WriteAllLines(csv, ["seriesuid,coordX,coordY,coordZ,class", .. rows]);

        var (code, output, err) = Run("audit", csv, "--volumes", volumes, "--patch-size", "6", "--negative-ratio", "1", "--hu-window", "-1200,600", "--json");

        Assert.True(code == ExitCodes.Success, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(4, doc.RootElement.GetProperty("samples").GetInt32());
        Assert.Contains("negatives undersampled to 2 of 5", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--hu-window", "400,-1000")]
    [InlineData("--negative-ratio", "some")]
    [InlineData("--roi-size", "0")]
    [InlineData("--mias-labels", "birads")]
    public void BadDataFlags_AreUsageErrors(string flag, string value)
    {
        var (code, _, err) = Run("audit", _dir, flag, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(flag, err, StringComparison.Ordinal);
    }
}
