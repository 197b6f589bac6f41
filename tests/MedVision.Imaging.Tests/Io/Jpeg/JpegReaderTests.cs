using MedVision.Imaging.Io;
using MedVision.Imaging.Io.Jpeg;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io.Jpeg;

/// <summary>
/// JPEG decoding against Pillow (libjpeg-turbo 2.1, islow IDCT, fancy upsampling): files and arrays written by
/// tests/fixtures/scripts/imaging_jpeg.py. Every fixture must decode bit-identically.
/// </summary>
public class JpegReaderTests
{
    public static TheoryData<string> Fixtures() =>
    [
        "gray_baseline_45x31", "gray_q20_45x31", "rgb444_45x31", "rgb422_45x31", "rgb420_45x31", "rgb420_131x77",
        "rgb420_optimized_131x77", "gray_progressive_45x31", "rgb420_progressive_131x77", "rgb444_progressive_45x31",
        "rgb422_progressive_45x31", "gray_restart_45x31", "rgb420_restart_131x77", "rgb420_progressive_restart_131x77",
        "gray_1x1", "rgb420_3x3", "rgb420_17x9", "rgb411_cjpeg_45x31", "rgb440_cjpeg_45x31", "rgb410_cjpeg_45x31",
        "rgb31_cjpeg_45x31", "rgb_mixed_cjpeg_45x31", "rgb422_cjpeg_restart_rows_131x77", "rgb420_cjpeg_progressive_optimized_131x77",
        "gray_cjpeg_progressive_131x77", "rgb_cjpeg_rgbspace_45x31", "adobe_rgb_ids_100x100", "no_markers_ycc420_100x100",
        "cmyk_45x31",
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Read_MatchesPillow(string name)
    {
        var image = JpegReader.Read(RepoPaths.Fixture("imaging", "jpeg", name + ".jpg"));
        var expected = NpyFixture.Load("imaging", "jpeg", name + ".npy");
        AssertEqualHwc(expected, image);
    }

    [Theory]
    [InlineData("bench_rgb420_512x512.jpg")]
    [InlineData("bench_rgb420_progressive_512x512.jpg")]
    public void Read_BenchmarkInputs_MatchPillowHash(string file)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("imaging", "jpeg", "bench_hashes.json")));
        var image = JpegReader.Decode(File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", file)));
        var plane = image.Width * image.Height;
        var hwc = new byte[image.Samples.Length];
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < image.Components; c++)
            {
                hwc[(i * image.Components) + c] = (byte)image.Samples[(c * plane) + i];
            }
        }

        Assert.Equal(doc.RootElement.GetProperty(file).GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(hwc)));
    }

    [Fact]
    public void Decode_ReportsProgressiveAndPrecision()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", "rgb420_progressive_131x77.jpg"));
        var image = JpegReader.Decode(bytes);
        Assert.True(image.Progressive);
        Assert.Equal(8, image.Precision);
        Assert.Equal((131, 77, 3), (image.Width, image.Height, image.Components));
        Assert.True(image.ColorConverted);
    }

    [Fact]
    public void Decode_WithoutColorTransform_KeepsYCbCr()
    {
        // Converting the kept YCbCr planes with libjpeg's formula must give Pillow's RGB exactly.
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", "rgb420_45x31.jpg"));
        var ycc = JpegReader.Decode(bytes, new JpegDecodeOptions { ColorTransform = JpegColorTransform.None });
        var rgb = JpegReader.Decode(bytes);
        Assert.False(ycc.ColorConverted);
        Assert.NotEqual(rgb.Samples, ycc.Samples);
        var plane = ycc.Width * ycc.Height;
        var converted = (ushort[])ycc.Samples.Clone();
        JpegColor.YCbCrToRgb(converted.AsSpan(0, plane), converted.AsSpan(plane, plane), converted.AsSpan(2 * plane, plane), 8);
        Assert.Equal(rgb.Samples, converted);
    }

    [Fact]
    public void ImageFile_ReadsJpegByMagic()
    {
        var path = RepoPaths.Fixture("imaging", "jpeg", "gray_baseline_45x31.jpg");
        Assert.True(JpegReader.IsJpeg(File.ReadAllBytes(path)));
        Assert.Equal(JpegReader.Read(path).Data, ImageFile.Read(path).Data);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Read_Truncated_IsFormatError(string name)
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", name + ".jpg"));
        for (var k = 0; k < 64; k++)
        {
            var cut = bytes.AsSpan(0, bytes.Length * k / 64).ToArray();
            var error = Assert.Throws<ImageFormatException>(() => JpegReader.Decode(cut, new JpegDecodeOptions { Name = name }));
            Assert.Equal(name, error.Path);
        }
    }

    [Fact]
    public void Read_HugeFrameSize_IsFormatErrorWithoutAllocating()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", "rgb420_131x77.jpg"));
        var sof = FindMarker(bytes, 0xC0);
        bytes[sof + 5] = 0xFF; // height 65535·256 + ...
        bytes[sof + 6] = 0xFF;
        bytes[sof + 7] = 0xFF;
        bytes[sof + 8] = 0xFF;
        var budget = new ReadOptions { MaxPixels = 1 << 20 };
        var error = Assert.Throws<ImageFormatException>(() => JpegReader.Decode(bytes, new JpegDecodeOptions { Budget = budget }));
        Assert.Contains("budget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptSegmentLength_IsFormatError()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", "gray_baseline_45x31.jpg"));
        var dqt = FindMarker(bytes, 0xDB);
        bytes[dqt + 2] = 0xFF;
        bytes[dqt + 3] = 0xFF;
        Assert.Throws<ImageFormatException>(() => JpegReader.Decode(bytes));
    }

    [Fact]
    public void Read_ArithmeticCoded_IsFormatErrorNamingProcess()
    {
        var error = Assert.Throws<ImageFormatException>(() => JpegReader.Read(RepoPaths.Fixture("imaging", "jpeg", "gray_arithmetic_45x31.jpg")));
        Assert.Contains("arithmetic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_FillBytesBeforeStuffedZero_AreOneDataByte()
    {
        // libjpeg reads FF FF … FF 00 inside entropy data as a single 0xFF data byte; padding every stuffed
        // FF 00 with extra FFs must not change the image.
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", "gray_baseline_45x31.jpg"));
        var sos = FindMarker(bytes, 0xDA);
        var start = sos + 2 + ((bytes[sos + 2] << 8) | bytes[sos + 3]);
        var padded = new List<byte>(bytes[..start]);
        var stuffed = 0;
        for (var i = start; i < bytes.Length; i++)
        {
            if (i + 1 < bytes.Length && bytes[i] == 0xFF && bytes[i + 1] == 0x00)
            {
                padded.AddRange([0xFF, 0xFF]);
                stuffed++;
            }

            padded.Add(bytes[i]);
        }

        Assert.True(stuffed > 0);
        Assert.Equal(JpegReader.Decode(bytes).Samples, JpegReader.Decode([.. padded]).Samples);
    }

    [Fact]
    public void Read_NotJpeg_IsFormatError() =>
        Assert.Throws<ImageFormatException>(() => JpegReader.Decode("GIF89a........"u8));

    /// <summary>Index of the first 0xFF <paramref name="marker"/> pair.</summary>
    internal static int FindMarker(byte[] bytes, byte marker)
    {
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"marker FF{marker:X2} not found");
    }

    /// <summary>Compares an (H, W) or (H, W, C) fixture with a planar image, reporting the first difference.</summary>
    internal static void AssertEqualHwc(NpyFixture expected, Image image)
    {
        var channels = expected.Shape.Length == 3 ? expected.Shape[2] : 1;
        Assert.Equal((expected.Shape[0], expected.Shape[1], channels), (image.Height, image.Width, image.Channels));
        var mismatches = 0;
        var first = "";
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var want = expected.Values[(((y * image.Width) + x) * channels) + c];
                    if (image[c, y, x] != want)
                    {
                        if (mismatches++ == 0)
                        {
                            first = $"(c={c}, y={y}, x={x}): expected {want}, got {image[c, y, x]}";
                        }
                    }
                }
            }
        }

        Assert.True(mismatches == 0, $"{mismatches} samples differ; first at {first}");
    }
}
