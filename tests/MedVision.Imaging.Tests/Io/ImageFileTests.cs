using MedVision.Imaging.Io;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io;

public sealed class ImageFileTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mv-imagefile-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Formats_HaveUniqueNamesAndExtensions()
    {
        Assert.Equal(ImageFile.Formats.Count, ImageFile.Formats.Select(f => f.Name).Distinct().Count());
        var extensions = ImageFile.Formats.SelectMany(f => f.Extensions).ToArray();
        Assert.Equal(extensions.Length, extensions.Distinct().Count());
        Assert.All(extensions, e => Assert.Matches("^\\.[a-z0-9]+$", e));
    }

    [Fact]
    public void Detect_MagicBytesWinOverAMisleadingExtension()
    {
        var path = Path.Combine(_temp.FullName, "really_a_png.pgm");
        File.Copy(RepoPaths.Fixture("imaging", "io", "png", "pil_L.png"), path);
        Assert.Equal("PNG", ImageFile.Detect(path).Name);
        Assert.Equal(ImageFile.Read(RepoPaths.Fixture("imaging", "io", "png", "pil_L.png")).Data, ImageFile.Read(path).Data);
    }

    [Fact]
    public void Detect_UnknownBytesAndExtension_IsFormatErrorNamingTheFile()
    {
        var path = Path.Combine(_temp.FullName, "mystery.bin");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(path));
        Assert.Equal(path, e.Path);
        Assert.Contains("unrecognised format", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_UnknownExtension_IsArgumentError()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageFile.Write(Path.Combine(_temp.FullName, "x.tiff"), new Image(1, 1, 1)));
        Assert.Contains(".png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVolume_OfAGrayPng_IsOneSlice()
    {
        var volume = ImageFile.ReadVolume(RepoPaths.Fixture("imaging", "io", "png", "pil_L.png"));
        Assert.Equal((1, 9, 10), (volume.Depth, volume.Height, volume.Width));
        Assert.Equal([1.0, 1, 1], volume.Spacing);
    }

    [Fact]
    public void Read_OfAMultiSliceVolume_IsFormatErrorPointingToReadVolume()
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(RepoPaths.Fixture("imaging", "io", "metaimage", "ct_short.mhd")));
        Assert.Contains("ReadVolume", e.Message, StringComparison.Ordinal);
    }
}
