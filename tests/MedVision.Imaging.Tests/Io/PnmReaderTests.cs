using MedVision.Imaging.Io;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io;

public class PnmReaderTests
{
    [Theory]
    [InlineData("pil_L.pgm")]
    [InlineData("pil_RGB.ppm")]
    [InlineData("pil_I16.pgm")]
    [InlineData("ascii_gray.pgm")]
    [InlineData("ascii_rgb.ppm")]
    [InlineData("bin_max1000.pgm")]
    [InlineData("pil_1.pbm")]
    [InlineData("plain.pbm")]
    [InlineData("comments.pgm")]
    [InlineData("rgb_max4095.ppm")]
    public void Read_MatchesStoredSamples(string file)
    {
        var expected = NpyFixture.Load("imaging", "io", "pnm", Path.GetFileNameWithoutExtension(file) + ".npy");
        var image = ImageFile.Read(RepoPaths.Fixture("imaging", "io", "pnm", file));
        Assert.Equal(expected.Shape, new[] { image.Channels, image.Height, image.Width });
        Assert.Equal(expected.AsFloat(), image.Data);
    }

    [Theory]
    [InlineData(1, 255)]
    [InlineData(3, 255)]
    [InlineData(1, 65535)]
    [InlineData(3, 4000)]
    public void Write_ThenRead_RoundTrips(int channels, int max)
    {
        var image = new Image(channels, 5, 7);
        for (var i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (i * 7919) % (max + 1);
        }

        image.Data[0] = max;
        var back = PnmReader.Decode(PnmWriter.Encode(image), "roundtrip", ReadOptions.Default);
        Assert.Equal(image.Data, back.Data);
    }

    [Fact]
    public void Pnm_SampleAboveMaxval_IsFormatError()
    {
        var e = Assert.Throws<ImageFormatException>(() => PnmReader.Decode("P2 2 1 10 3 11"u8, "above.pgm", ReadOptions.Default));
        Assert.Contains("above maxval", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pnm_Inspect_ReportsMaxvalAndEncoding()
    {
        var info = PnmReader.Inspect(RepoPaths.Fixture("imaging", "io", "pnm", "bin_max1000.pgm"), ReadOptions.Default);
        Assert.Equal("uint16", info.ElementType);
        Assert.Equal("1000", info.Properties!["maxval"]);
        Assert.Equal("binary", info.Properties["encoding"]);
    }

    [Fact]
    public void Pbm_BadPlainSample_IsFormatError()
    {
        var e = Assert.Throws<ImageFormatException>(() => PnmReader.Decode("P1 2 2\n0 1\n1 2\n"u8, "bad.pbm", ReadOptions.Default));
        Assert.Contains("bitmap sample 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pbm_PlainRasterEndingInAComment_IsTruncation()
    {
        var e = Assert.Throws<ImageFormatException>(() => PnmReader.Decode("P1 2 2\n0 1 1 # 0\n"u8, "short.pbm", ReadOptions.Default));
        Assert.Contains("3 of 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pbm_PackedRowsShort_IsFormatError()
    {
        // 9 pixels wide → 2 bytes per row; 3 rows need 6 bytes, 5 present.
        var e = Assert.Throws<ImageFormatException>(() => PnmReader.Decode([.. "P4 9 3\n"u8, 1, 2, 3, 4, 5], "short.pbm", ReadOptions.Default));
        Assert.Contains("need 6 bytes, 5 present", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pnm_CommentAfterMaxvalWithoutLineEnd_IsFormatError()
    {
        var e = Assert.Throws<ImageFormatException>(() => PnmReader.Decode("P5 1 1 255#no line end"u8, "comment.pgm", ReadOptions.Default));
        Assert.Contains("maxval must be followed", e.Message, StringComparison.Ordinal);
    }
}
