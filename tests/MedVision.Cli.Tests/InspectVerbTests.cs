using System.Text.Json;
using MedVision.Testing;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public class InspectVerbTests
{
    [Fact]
    public void Inspect_Png_Json_ReportsSizeTypeAndRange()
    {
        var (code, output, error) = Run("inspect", RepoPaths.Fixture("imaging", "io", "png", "ct0_d16_i1.png"), "--json");
        Assert.True(code == ExitCodes.Success, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("PNG", root.GetProperty("format").GetString());
        Assert.Equal(13, root.GetProperty("width").GetInt32());
        Assert.Equal(11, root.GetProperty("height").GetInt32());
        Assert.Equal(1, root.GetProperty("channels").GetInt32());
        Assert.Equal("uint16", root.GetProperty("element_type").GetString());
        // The fixture script pins pixel (0, 0) to 0 and the last pixel to 2^16 − 1.
        Assert.Equal(0, root.GetProperty("min").GetDouble());
        Assert.Equal(65535, root.GetProperty("max").GetDouble());
        Assert.Equal("adam7", root.GetProperty("properties").GetProperty("interlace").GetString());
    }

    [Fact]
    public void Inspect_MetaImageVolume_ReportsGeometry()
    {
        var (code, output, error) = Run("inspect", RepoPaths.Fixture("imaging", "io", "metaimage", "ct_short.mhd"), "--json");
        Assert.True(code == ExitCodes.Success, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("MetaImage", root.GetProperty("format").GetString());
        Assert.Equal(3, root.GetProperty("depth").GetInt32());
        Assert.Equal("int16", root.GetProperty("element_type").GetString());
        Assert.Equal([0.7, 0.8, 2.5], root.GetProperty("spacing").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([-100.5, -50.25, 20.0], root.GetProperty("origin").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public void Inspect_Npz_ListsArrays()
    {
        var (code, output, error) = Run("inspect", RepoPaths.Fixture("imaging", "io", "npy", "deflated.npz"), "--json");
        Assert.True(code == ExitCodes.Success, error);
        using var json = JsonDocument.Parse(output);
        var names = json.RootElement.GetProperty("arrays").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["a", "b", "c"], names);
    }

    [Fact]
    public void Inspect_Table_NamesTheFormat()
    {
        var (code, output, _) = Run("inspect", RepoPaths.Fixture("imaging", "io", "pnm", "ascii_rgb.ppm"));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("PNM", output, StringComparison.Ordinal);
        Assert.Matches(@"maxval\s*│\s*100\s", output);
    }

    [Fact]
    public void Inspect_TruncatedFile_FailsWithFormatMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mv-inspect-{Environment.ProcessId}.png");
        try
        {
            var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "io", "png", "pil_RGB.png"));
            File.WriteAllBytes(path, bytes[..40]);
            var (code, output, error) = Run("inspect", path);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Empty(output);
            Assert.Contains(path, error, StringComparison.Ordinal);
            Assert.Contains("truncated", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Inspect_MissingFile_IsUsageError()
    {
        var (code, _, error) = Run("inspect", "/no/such/file.png");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
