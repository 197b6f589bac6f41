using MedVision.Imaging.Io;
using MedVision.Testing;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

public sealed class ConvertVerbTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mv-convert-");

    public void Dispose() => _temp.Delete(recursive: true);

    private string Temp(string name) => Path.Combine(_temp.FullName, name);

    [Theory]
    [InlineData("png/pil_RGB.png", "out.ppm")]
    [InlineData("png/ct0_d16_i0.png", "out.pgm")]
    [InlineData("pnm/pil_L.pgm", "out.png")]
    [InlineData("png/ct6_d8_i1.png", "out.npy")]
    [InlineData("metaimage/rgb2d.mha", "out.png")]
    public void Convert_KeepsEveryPixel(string input, string output)
    {
        var source = RepoPaths.Fixture(["imaging", "io", .. input.Split('/')]);
        var (code, _, error) = Run("convert", source, Temp(output));
        Assert.True(code == ExitCodes.Success, error);
        var expected = ImageFile.Read(source);
        var actual = ImageFile.Read(Temp(output));
        Assert.Equal((expected.Channels, expected.Height, expected.Width), (actual.Channels, actual.Height, actual.Width));
        Assert.Equal(expected.Data, actual.Data);
    }

    [Fact]
    public void Convert_VolumeSlice_ToPng_WithScale()
    {
        var source = RepoPaths.Fixture("imaging", "io", "metaimage", "ct_short.mhd");
        var (code, _, error) = Run("convert", source, Temp("slice.png"), "--slice", "2", "--scale");
        Assert.True(code == ExitCodes.Success, error);
        var slice = ImageFile.ReadVolume(source).Slice(2).Data;
        var png = ImageFile.Read(Temp("slice.png")).Data;
        float min = slice.Min(), max = slice.Max();
        for (var i = 0; i < slice.Length; i++)
        {
            Assert.Equal(MathF.Round((slice[i] - min) * (255f / (max - min))), png[i]);
        }

        Assert.Equal(0, png.Min());
        Assert.Equal(255, png.Max());
    }

    [Fact]
    public void Convert_WholeVolume_ToNpy()
    {
        var source = RepoPaths.Fixture("imaging", "io", "metaimage", "ct_zlib.mhd");
        var (code, _, error) = Run("convert", source, Temp("v.npy"));
        Assert.True(code == ExitCodes.Success, error);
        var array = NpyReader.Read(Temp("v.npy"));
        Assert.Equal([3, 5, 6], array.Shape);
        Assert.Equal(ImageFile.ReadVolume(source).Data, array.Floats);
    }

    [Theory]
    [InlineData("dicom/CT_small.dcm", "dicom/CT_small_modality.npy")]
    [InlineData("dicom_lut/mlut_us16.dcm", "dicom_lut/mlut_us16_modality.npy")]
    [InlineData("dicom_lut/mlut_ow8_implicit.dcm", "dicom_lut/mlut_ow8_implicit_modality.npy")]
    public void Convert_DicomWithRescale_MatchesPydicomModalityLut(string input, string reference)
    {
        var (code, _, error) = Run("convert", RepoPaths.Fixture(["imaging", .. input.Split('/')]), Temp("hu.npy"), "--rescale");
        Assert.True(code == ExitCodes.Success, error);
        var expected = NpyFixture.Load(["imaging", .. reference.Split('/')]);
        var array = NpyReader.Read(Temp("hu.npy"));
        Assert.Equal(expected.Shape, array.Shape);
        Assert.Equal(expected.AsFloat(), array.ToFloatArray());
    }

    [Fact]
    public void Convert_RescaleOnPng_IsUsageError()
    {
        var (code, _, error) = Run("convert", RepoPaths.Fixture("imaging", "io", "png", "pil_L.png"), Temp("x.npy"), "--rescale");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--rescale applies to DICOM", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_VolumeToPngWithoutSlice_IsUsageError()
    {
        var (code, _, error) = Run("convert", RepoPaths.Fixture("imaging", "io", "metaimage", "ct_short.mhd"), Temp("x.png"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--slice", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_SliceOutOfRange_IsUsageError()
    {
        var (code, _, error) = Run("convert", RepoPaths.Fixture("imaging", "io", "metaimage", "ct_short.mhd"), Temp("x.png"), "--slice", "3");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--slice must be in 0…2, got 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_NegativeValuesToPngWithoutScale_FailsNamingScale()
    {
        var (code, _, error) = Run("convert", RepoPaths.Fixture("imaging", "io", "metaimage", "ct_short.mhd"), Temp("x.png"), "--slice", "0");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("--scale", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Temp("x.png")));
    }

    [Fact]
    public void Convert_UnknownOutputExtension_IsUsageError()
    {
        var (code, _, error) = Run("convert", RepoPaths.Fixture("imaging", "io", "png", "pil_L.png"), Temp("x.tiff"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(".tiff", error, StringComparison.Ordinal);
    }
}
