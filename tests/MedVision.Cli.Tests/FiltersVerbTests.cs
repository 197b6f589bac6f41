using System.Text.Json;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class FiltersVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mv-filters-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Image WriteImage(string name, int seed)
    {
        var rng = new Random(seed);
        var image = new Image(1, 24, 24, Enumerable.Range(0, 576).Select(i => (float)(100 + (i % 24 * 3) + rng.Next(0, 20))).ToArray());
        ImageFile.Write(Path.Combine(_dir, name), image);
        return image;
    }

    [Fact]
    public void Compare_Json_HasTheThreeFiltersWithLibraryScores()
    {
        var a = WriteImage("a.png", 1);
        var b = WriteImage("b.png", 2);
        var (code, output, err) = Run("filters", "compare", _dir, "--json");
        Assert.True(code == ExitCodes.Success, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("images").GetInt32());
        var filters = root.GetProperty("filters").EnumerateArray().ToList();
        Assert.Equal(["adaptive_median", "median", "mean"], filters.Select(f => f.GetProperty("name").GetString()));
        var expected = FilterComparison.Compare([a, b]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i].Mse, filters[i].GetProperty("mse").GetDouble(), 9);
            Assert.Equal(expected[i].Psnr, filters[i].GetProperty("psnr").GetDouble(), 9);
        }

        Assert.Equal(expected.OrderBy(s => s.Mse).First().Filter, root.GetProperty("best").GetString());
    }

    [Fact]
    public void Compare_Table_ListsPsnrAndMse()
    {
        WriteImage("a.png", 1);
        var (code, output, _) = Run("filters", "compare", Path.Combine(_dir, "a.png"));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("PSNR", output, StringComparison.Ordinal);
        Assert.Contains("adaptive_median", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_EvenMaxWindow_IsAUsageError()
    {
        WriteImage("a.png", 1);
        var (code, _, err) = Run("filters", "compare", _dir, "--max-window", "6");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--max-window must be an odd number", err, StringComparison.Ordinal);
    }
}
