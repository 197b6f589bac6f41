using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Imaging.Preprocessing;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class PreprocessVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mv-preprocess-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteImage(string relative, int seed)
    {
        var rng = new Random(seed);
        var image = new Image(1, 30, 40, Enumerable.Range(0, 1200).Select(i => (float)((i % 40 * 5) + rng.Next(0, 30))).ToArray());
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ImageFile.Write(path, image);
        return path;
    }

    [Fact]
    public void File_ToNpy_EqualsTheLibraryChain()
    {
        var input = WriteImage("a.png", 1);
        var output = Path.Combine(_dir, "out.npy");
        var (code, _, err) = Run("preprocess", "--chain", "median:3,clahe:clip=0.01,resize:12x16", input, output);
        Assert.True(code == ExitCodes.Success, err);
        var expected = PreprocessChain.Parse("median:3,clahe:clip=0.01,resize:12x16").Apply(ImageFile.Read(input));
        Assert.Equal(expected.Data, ImageFile.Read(output).Data);
    }

    [Fact]
    public void Folder_ToPng_MirrorsTheTree_AndScalesUnitRangeTo255()
    {
        WriteImage(Path.Combine("in", "0", "x.png"), 2);
        WriteImage(Path.Combine("in", "1", "y.png"), 3);
        var outDir = Path.Combine(_dir, "out");
        var (code, _, err) = Run("preprocess", "--chain", "resize:20x20,clahe", Path.Combine(_dir, "in"), outDir);
        Assert.True(code == ExitCodes.Success, err);
        var x = ImageFile.Read(Path.Combine(outDir, "0", "x.png"));
        Assert.Equal((20, 20), (x.Height, x.Width));
        Assert.Equal(255f, x.Data.Max());
        Assert.True(File.Exists(Path.Combine(outDir, "1", "y.png")));
        Assert.Contains("preprocessed 2 images", err, StringComparison.Ordinal);
    }

    [Fact]
    public void BadChain_IsAUsageErrorNamingTheStep()
    {
        var input = WriteImage("a.png", 1);
        var (code, _, err) = Run("preprocess", "--chain", "median:3,clahe:clipp=2", input, Path.Combine(_dir, "o.png"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("step 2 'clahe': unknown parameter 'clipp'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingInput_IsAUsageError()
    {
        var (code, _, err) = Run("preprocess", "--chain", "median:3", Path.Combine(_dir, "none.png"), Path.Combine(_dir, "o.png"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
    }
}
