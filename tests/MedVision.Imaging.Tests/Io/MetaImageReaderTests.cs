using System.Text.Json;
using MedVision.Imaging.Io;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io;

public class MetaImageReaderTests
{
    private static string Meta(params string[] parts) => RepoPaths.Fixture(["imaging", "io", "metaimage", .. parts]);

    [Theory]
    [InlineData("ct_short.mhd")]
    [InlineData("ct_double_be.mha")]
    [InlineData("ct_zlib.mhd")]
    [InlineData("skip16.mhd")]
    [InlineData("tail.mhd")]
    public void ReadVolume_MatchesHandWrittenData(string file)
    {
        var expected = NpyFixture.Load("imaging", "io", "metaimage", Path.ChangeExtension(file, ".npy"));
        var volume = ImageFile.ReadVolume(Meta(file));
        Assert.Equal(expected.Shape, new[] { volume.Depth, volume.Height, volume.Width });
        Assert.Equal(expected.AsFloat(), volume.Data);
    }

    [Theory]
    [InlineData("MET_UCHAR")]
    [InlineData("MET_CHAR")]
    [InlineData("MET_USHORT")]
    [InlineData("MET_SHORT")]
    [InlineData("MET_UINT")]
    [InlineData("MET_INT")]
    [InlineData("MET_ULONG")]
    [InlineData("MET_LONG")]
    [InlineData("MET_ULONG_LONG")]
    [InlineData("MET_LONG_LONG")]
    [InlineData("MET_FLOAT")]
    [InlineData("MET_DOUBLE")]
    public void ReadImage_EveryElementType(string type)
    {
        var expected = NpyFixture.Load("imaging", "io", "metaimage", $"type_{type}.npy");
        var image = ImageFile.Read(Meta($"type_{type}.mha"));
        Assert.Equal((1, 2, 3), (image.Channels, image.Height, image.Width));
        Assert.Equal(expected.AsFloat(), image.Data);
    }

    [Fact]
    public void ReadImage_ThreeChannels_IsPlanar()
    {
        var expected = NpyFixture.Load("imaging", "io", "metaimage", "rgb2d.npy");
        var image = ImageFile.Read(Meta("rgb2d.mha"));
        Assert.Equal(expected.Shape, new[] { image.Channels, image.Height, image.Width });
        Assert.Equal(expected.AsFloat(), image.Data);
    }

    [Fact]
    public void Geometry_FollowsItkTransformMatrixConvention()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Meta("geometry.json")));
        var g = json.RootElement.GetProperty("ct_short");
        var volume = MetaImageReader.ReadVolume(Meta("ct_short.mhd"));
        Assert.Equal(Doubles(g.GetProperty("spacing")), volume.Spacing);
        Assert.Equal(Doubles(g.GetProperty("origin")), volume.Origin);
        Assert.Equal(Doubles(g.GetProperty("direction")), volume.Direction);
        foreach (var point in g.GetProperty("points").EnumerateArray())
        {
            var index = Doubles(point.GetProperty("index"));
            var world = Doubles(point.GetProperty("world"));
            var (x, y, z) = volume.IndexToWorld(index[0], index[1], index[2]);
            Assert.Equal(world[0], x, 9);
            Assert.Equal(world[1], y, 9);
            Assert.Equal(world[2], z, 9);
            var back = volume.WorldToIndex(x, y, z);
            Assert.Equal(index[0], back.X, 9);
        }
    }

    [Theory]
    [InlineData("escape.mhd", "outside")]
    [InlineData("absolute.mhd", "relative path")]
    [InlineData("missing.mhd", "does not exist")]
    [InlineData("huge.mhd", "budget")]
    public void MetaImage_HostileDataPath_IsFormatError(string file, string expected)
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.ReadVolume(Meta("hostile", file)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".mhd", false)]
    [InlineData(".mha", false)]
    [InlineData(".mhd", true)]
    public void Write_ThenRead_RoundTripsValuesAndGeometry(string extension, bool compressed)
    {
        var folder = Directory.CreateTempSubdirectory("mv-mhd-");
        try
        {
            var data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (float)((i * 7) - 40)).ToArray();
            var volume = new Volume(2, 3, 4, data, [0.5, 0.6, 1.25], [-10, 5, 7.5], [0, -1, 0, 1, 0, 0, 0, 0, 1]);
            var path = Path.Combine(folder.FullName, "v" + extension);
            MetaImageWriter.Write(path, volume, new MetaImageWriteOptions { ElementType = NpyDType.Int16, Compressed = compressed });
            var back = ImageFile.ReadVolume(path);
            Assert.Equal(volume.Data, back.Data);
            Assert.Equal(volume.Spacing, back.Spacing);
            Assert.Equal(volume.Origin, back.Origin);
            Assert.Equal(volume.Direction, back.Direction);
            Assert.Equal("int16", ImageFile.Inspect(path).ElementType);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
