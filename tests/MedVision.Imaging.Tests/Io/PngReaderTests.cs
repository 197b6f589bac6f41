using System.Security.Cryptography;
using System.Text.Json;
using MedVision.Imaging.Io;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io;

public class PngReaderTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Fixture("imaging", "io", "png"), "*.png").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_MatchesPillowOrOpenCv(string name)
    {
        var expected = NpyFixture.Load("imaging", "io", "png", name + ".npy");
        var image = PngReader.Read(RepoPaths.Fixture("imaging", "io", "png", name + ".png"));
        Assert.Equal(expected.Shape, new[] { image.Channels, image.Height, image.Width });
        Assert.Equal(expected.AsFloat(), image.Data);
    }

    [Fact]
    public void Fixtures_CoverEveryColourTypeDepthAndInterlace()
    {
        var names = Directory.GetFiles(RepoPaths.Fixture("imaging", "io", "png"), "*.png").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        foreach (var (type, depths) in new[] { (0, new[] { 1, 2, 4, 8, 16 }), (2, [8, 16]), (3, [1, 2, 4, 8]), (4, [8, 16]), (6, [8, 16]) })
        {
            foreach (var depth in depths)
            {
                Assert.Contains($"ct{type}_d{depth}_i0", names);
                Assert.Contains($"ct{type}_d{depth}_i1", names);
            }
        }
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 8)]
    [InlineData(3, 8)]
    [InlineData(4, 8)]
    [InlineData(1, 16)]
    [InlineData(3, 16)]
    [InlineData(4, 16)]
    public void Write_ThenRead_RoundTrips(int channels, int depth)
    {
        var random = new Random(channels * 100 + depth);
        var max = depth == 8 ? 256 : 65536;
        var image = new Image(channels, 17, 23);
        for (var i = 0; i < image.Data.Length; i++)
        {
            // Smooth ramps plus noise so that every filter type wins somewhere.
            image.Data[i] = i % 7 == 0 ? random.Next(max) : (i * 37) % max;
        }

        var bytes = PngWriter.Encode(image, new PngWriteOptions { BitDepth = depth });
        var back = PngReader.Decode(bytes, "roundtrip.png", ReadOptions.Default);
        Assert.Equal(image.Data, back.Data);
        Assert.Equal((channels, 17, 23), (back.Channels, back.Height, back.Width));
    }

    [Fact]
    public void PngWriter_FilteredByte0x80_DoesNotOverflowTheFilterScore()
    {
        // Math.Abs((sbyte)0x80) throws; the filter heuristic must score −128 as 128.
        var image = new Image(1, 2, 2, [0, 128, 128, 0]);
        var back = PngReader.Decode(PngWriter.Encode(image, new PngWriteOptions()), "x80.png", ReadOptions.Default);
        Assert.Equal(image.Data, back.Data);
    }

    [Fact]
    public void Write_OutOfRangeSample_IsArgumentError()
    {
        var image = new Image(1, 2, 2, [0, 1, 2, -3]);
        Assert.ThrowsAny<ArgumentException>(() => PngWriter.Encode(image, new PngWriteOptions()));
    }

    [Fact]
    public void Png_CorruptCrc_IsFormatError()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "io", "png", "pil_L.png"));
        bytes[20] ^= 0x40; // inside IHDR's width field
        var e = Assert.Throws<ImageFormatException>(() => PngReader.Decode(bytes, "crc.png", ReadOptions.Default));
        Assert.Contains("CRC", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("trns_ct2_d8_i1", 4, "tRNS of a RGB image must be 6 bytes, got 4")]
    [InlineData("trns_ct0_d16_i1", 0, "tRNS of a grey image must be 2 bytes, got 0")]
    public void Png_TransparentColourOfTheWrongLength_IsFormatError(string fixture, int length, string message)
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "io", "png", fixture + ".png"));
        var at = bytes.AsSpan().IndexOf("tRNS"u8) - 4;
        var old = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
        var body = new byte[4 + length];
        "tRNS"u8.CopyTo(body);
        var chunk = new byte[12 + length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chunk, length);
        body.CopyTo(chunk, 4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + length), Crc(body));
        byte[] lying = [.. bytes.AsSpan(0, at), .. chunk, .. bytes.AsSpan(at + 12 + old)];
        var e = Assert.Throws<ImageFormatException>(() => PngReader.Decode(lying, "trns.png", ReadOptions.Default));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_Inspect_GreyWithTransparentColour_HasAlpha()
        => Assert.Equal(2, PngReader.Inspect(RepoPaths.Fixture("imaging", "io", "png", "trns_ct0_d4_i1.png"), ReadOptions.Default).Channels);

    [Fact]
    public void Png_Inspect_ReportsHeader()
    {
        var info = PngReader.Inspect(RepoPaths.Fixture("imaging", "io", "png", "ct3_d2_i1.png"), ReadOptions.Default);
        Assert.Equal([13L, 11L], info.Sizes);
        Assert.Equal(4, info.Channels);
        Assert.Equal("palette", info.Properties!["color_type"]);
        Assert.Equal("adam7", info.Properties["interlace"]);
    }

    [SharedDataFact("mammo_micro")]
    public void MammoMicro_AllPngs_DecodeLikePillow() => CompareWithPillowHashes("mammo_micro", 797);

    [SharedDataFact("mias_rois")]
    public void MiasRois_AllPngs_DecodeLikePillow() => CompareWithPillowHashes("mias_rois", 1);

    private static void CompareWithPillowHashes(string dataset, int atLeast)
    {
        var folder = RepoPaths.SharedData(dataset)!;
        using var json = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("imaging", "io", "real_data_hashes.json")));
        var expected = json.RootElement.GetProperty(dataset).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var files = Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories);
        Assert.True(files.Length >= atLeast, $"{dataset}: {files.Length} PNGs");
        Assert.Equal(expected.Count, files.Length);
        foreach (var file in files)
        {
            var image = ImageFile.Read(file);
            var bytes = new byte[image.Data.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = checked((byte)image.Data[i]);
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
            var key = Path.GetRelativePath(folder, file).Replace('\\', '/');
            Assert.True(expected[key] == hash, $"{key}: decoded pixels differ from Pillow's");
        }
    }

    // CRC-32 of ISO 3309 (PNG chunk checksums), bit by bit.
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
