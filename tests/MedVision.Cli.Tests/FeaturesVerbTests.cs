using MedVision.Imaging;
using MedVision.Imaging.Features;
using MedVision.Imaging.Io;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class FeaturesVerbTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mv-features-");

    public void Dispose() => _temp.Delete(recursive: true);

    private string Temp(params string[] parts) => Path.Combine([_temp.FullName, .. parts]);

    private string WriteImage(string relative, int seed, int height = 60, int width = 60)
    {
        var random = new Random(seed);
        var image = new Image(1, height, width, Enumerable.Range(0, height * width).Select(_ => (float)random.Next(256)).ToArray());
        var path = Temp(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ImageFile.Write(path, image);
        return path;
    }

    [Fact]
    public void Wavelet_Folder_WritesOneRowPerImageInSortedOrder_AndTheFileList()
    {
        var files = new[] { WriteImage("data/1/c.png", 3), WriteImage("data/0/b.png", 2), WriteImage("data/0/a.png", 1) };
        var (code, output, error) = Run("features", "wavelet", "--family", "db5", "--level", "4", "--levels", "2-4", Temp("data"), Temp("out.npy"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.Empty(output);
        var matrix = NpyReader.Read(Temp("out.npy"));
        Assert.Equal([3, 2430], matrix.Shape);
        Assert.Equal(["0/a.png", "0/b.png", "1/c.png"], File.ReadAllLines(Temp("out.files.txt")));
        var extractor = new WaveletFeatures();
        var values = matrix.ToFloatArray();
        foreach (var (file, row) in new[] { (files[2], 0), (files[1], 1), (files[0], 2) })
        {
            Assert.Equal(extractor.Extract(ImageFile.Read(file)), values.AsSpan(row * 2430, 2430).ToArray());
        }
    }

    [Theory]
    [InlineData("gabor", 32)]
    [InlineData("glcm", 24)]
    [InlineData("lbp", 10)]
    [InlineData("stats", 21)]
    public void Texture_SingleFile_WritesOneRow(string kind, int columns)
    {
        var file = WriteImage("one.png", 5, 24, 20);
        var (code, _, error) = Run("features", "texture", "--kind", kind, file, Temp("t.npy"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal([1, columns], NpyReader.Read(Temp("t.npy")).Shape);
        Assert.Equal(["one.png"], File.ReadAllLines(Temp("t.files.txt")));
    }

    [Theory]
    [InlineData("--levels", "3-2")]
    [InlineData("--levels", "1-5")]
    [InlineData("--family", "db42")]
    [InlineData("--mode", "mirror")]
    [InlineData("--level", "0")]
    public void Wavelet_BadOption_IsAUsageError_NamingTheOption(string option, string value)
    {
        var file = WriteImage("x.png", 1);
        var (code, _, error) = Run("features", "wavelet", option, value, file, Temp("o.npy"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Temp("o.npy")));
    }

    [Fact]
    public void Wavelet_MixedSizes_FailsNamingTheFile()
    {
        WriteImage("mixed/a.png", 1);
        WriteImage("mixed/b.png", 2, 40, 60);
        var (code, _, error) = Run("features", "wavelet", Temp("mixed"), Temp("o.npy"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("b.png is 40×60", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingInput_AndWrongOutputExtension_AreUsageErrors()
    {
        Assert.Equal(ExitCodes.Usage, Run("features", "wavelet", Temp("nowhere"), Temp("o.npy")).Code);
        var file = WriteImage("y.png", 1);
        Assert.Equal(ExitCodes.Usage, Run("features", "texture", "--kind", "lbp", file, Temp("o.csv")).Code);
        Assert.Equal(ExitCodes.Usage, Run("features", "texture", "--kind", "sift", file, Temp("o.npy")).Code);
    }
}
