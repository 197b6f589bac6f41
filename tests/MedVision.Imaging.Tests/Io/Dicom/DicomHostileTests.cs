using MedVision.Imaging.Io;
using MedVision.Imaging.Io.Dicom;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io.Dicom;

/// <summary>
/// Cut, lying and malicious files must end in <see cref="ImageFormatException"/> (never another exception, never a
/// large allocation); plus pixel layouts no reference file covers, checked by known answers.
/// </summary>
public class DicomHostileTests
{
    [Theory]
    [MemberData(nameof(DicomReaderTests.Committed), MemberType = typeof(DicomReaderTests))]
    public void Truncated_AtEvery64th_IsFormatErrorOrSamePixels(string file)
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "dicom", file));
        double[]? full = null;
        try
        {
            full = DicomFile.Parse(bytes, file).PixelArray().Values;
        }
        catch (ImageFormatException)
        {
        }

        for (var k = 0; k < 64; k++)
        {
            var cut = bytes.AsSpan(0, bytes.Length * k / 64).ToArray();
            try
            {
                var pixels = DicomFile.Parse(cut, file).PixelArray();
                Assert.Equal(full, pixels.Values); // only trailing non-pixel bytes may be cut without error
            }
            catch (ImageFormatException e)
            {
                Assert.Equal(file, e.Path);
            }
        }
    }

    [Fact]
    public void HugeElementLength_IsFormatErrorNamingTag()
    {
        var bytes = new DicomTestFile().Image(4, 4, 16, 16, 15, 0).Element(0x7FE0, 0x0010, "OW", new byte[32], length: 0x7FFFFFFF).ToArray();
        var error = Assert.Throws<ImageFormatException>(() => DicomFile.Parse(bytes, "huge.dcm"));
        Assert.Contains("(7FE0,0010)", error.Message, StringComparison.Ordinal);
        Assert.Contains("2147483647", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeImageSize_IsBudgetErrorBeforeAllocating()
    {
        var bytes = new DicomTestFile().Image(65535, 65535, 32, 32, 31, 0, frames: int.MaxValue).Element(0x7FE0, 0x0010, "OW", new byte[16]).ToArray();
        var error = Assert.Throws<ImageFormatException>(() => DicomFile.Parse(bytes, "lying.dcm").PixelArray());
        Assert.Contains("budget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PixelDataShorterThanHeaderSays_IsFormatError()
    {
        var bytes = new DicomTestFile().Image(64, 64, 16, 16, 15, 0).Element(0x7FE0, 0x0010, "OW", new byte[100]).ToArray();
        var error = Assert.Throws<ImageFormatException>(() => DicomFile.Parse(bytes, "short.dcm").PixelArray());
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeeplyNestedSequences_AreRefused()
    {
        // 40 nested undefined-length sequences, each inside an undefined-length item.
        var open = new List<byte>();
        for (var i = 0; i < 40; i++)
        {
            open.AddRange([0x08, 0x00, 0x15, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
            open.AddRange([0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]);
        }

        var bytes = new DicomTestFile().Raw([.. open]).ToArray();
        var error = Assert.Throws<ImageFormatException>(() => DicomFile.Parse(bytes, "deep.dcm"));
        Assert.Contains("deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dicom_MalformedNumberOfFrames_IsFormatErrorNamingFile()
    {
        // pydicom's badVR.dcm has NumberOfFrames "1A"; the error must name the file and the attribute.
        var bytes = new DicomTestFile().Image(2, 2, 8, 8, 7, 0).Text(0x0028, 0x0008, "IS", "1A").Element(0x7FE0, 0x0010, "OB", new byte[4]).ToArray();
        var error = Assert.Throws<ImageFormatException>(() => DicomFile.Parse(bytes, "badvr.dcm").PixelArray());
        Assert.Equal("badvr.dcm", error.Path);
        Assert.Contains("'1A'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotDicom_IsFormatError() =>
        Assert.Throws<ImageFormatException>(() => DicomFile.Parse("\x89PNG\r\n\x1a\n0000000000000000"u8, "x.png"));

    [Fact]
    public void BitsStored_MasksHighBitsAndSignExtends()
    {
        // 12-bit signed values in 16-bit words whose top nibble holds junk (as overlays once did).
        ushort[] words = [0xF7FF, 0x0800, 0xAFFF, 0x1001];
        var bytes = new DicomTestFile().Image(2, 2, 16, 12, 11, 1).Element(0x7FE0, 0x0010, "OW", Le16(words)).ToArray();
        var file = DicomFile.Parse(bytes, "masked.dcm");
        Assert.Equal([2047, -2048, -1, 1], file.PixelArray().Values);
        Assert.Equal([(short)-2049, 2048, (short)-20481, 4097], file.PixelArray(new DicomPixelOptions { MaskBitsStored = false }).Values);
    }

    [Fact]
    public void HighBitBelowTop_ShiftsStoredBits()
    {
        // BitsStored 8 ending at HighBit 11: bits 4–11 carry the value.
        var bytes = new DicomTestFile().Image(1, 2, 16, 8, 11, 0).Element(0x7FE0, 0x0010, "OW", Le16([0x0AB0, 0xF12F])).ToArray();
        Assert.Equal([0xAB, 0x12], DicomFile.Parse(bytes, "shifted.dcm").PixelArray().Values);
    }

    [Fact]
    public void PlanarConfiguration_BothLayoutsGiveSamePlanes()
    {
        byte[] interleaved = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        byte[] planar = [1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12];
        var a = DicomFile.Parse(new DicomTestFile().Image(2, 2, 8, 8, 7, 0, 3, "RGB", 0).Element(0x7FE0, 0x0010, "OB", interleaved).ToArray(), "a").PixelArray();
        var b = DicomFile.Parse(new DicomTestFile().Image(2, 2, 8, 8, 7, 0, 3, "RGB", 1).Element(0x7FE0, 0x0010, "OB", planar).ToArray(), "b").PixelArray();
        Assert.Equal(planar.Select(v => (double)v), a.Values);
        Assert.Equal(a.Values, b.Values);
        Assert.Equal(5, a[0, 0, 1, 1]); // pixel (0, 1), green
    }

    [Fact]
    public void BigEndian_16BitSigned()
    {
        var bytes = new DicomTestFile("1.2.840.10008.1.2.2", bigEndian: true).Image(1, 3, 16, 16, 15, 1)
            .Element(0x7FE0, 0x0010, "OW", [0x80, 0x00, 0x00, 0x01, 0xFF, 0xFE]).ToArray();
        Assert.Equal([-32768, 1, -2], DicomFile.Parse(bytes, "be.dcm").PixelArray().Values);
    }

    [Fact]
    public void OneBit_MultiFrame_PacksAcrossFrames()
    {
        // 3 frames of 1×3 pixels: 9 bits, little-endian bit order, running on across frame boundaries.
        var bytes = new DicomTestFile().Image(1, 3, 1, 1, 0, 0, frames: 3).Element(0x7FE0, 0x0010, "OB", [0b_1010_0101, 0b_0000_0001]).ToArray();
        Assert.Equal([1, 0, 1, 0, 0, 1, 0, 1, 1], DicomFile.Parse(bytes, "bits.dcm").PixelArray().Values);
    }

    [Fact]
    public void Read_ThroughImageFileTable()
    {
        // MR_small.dcm has a TIFF preamble, so ImageFile finds it by extension; image_dfl.dcm by its zero preamble.
        var path = RepoPaths.Fixture("imaging", "dicom", "MR_small.dcm");
        Assert.Equal(DicomReader.Read(path).Data, ImageFile.Read(path).Data);
        Assert.False(DicomReader.IsDicom(File.ReadAllBytes(path).AsSpan(0, 64)));
        var zeroPreamble = RepoPaths.Fixture("imaging", "dicom", "image_dfl.dcm");
        Assert.True(DicomReader.IsDicom(File.ReadAllBytes(zeroPreamble).AsSpan(0, 64)));
        Assert.Equal("DICOM", ImageFile.Detect(zeroPreamble).Name);
        Assert.Equal((1, 512, 512), (ImageFile.Read(zeroPreamble).Channels, ImageFile.Read(zeroPreamble).Height, ImageFile.Read(zeroPreamble).Width));
        var volume = ImageFile.ReadVolume(RepoPaths.Fixture("imaging", "dicom", "rtdose.dcm"));
        Assert.Equal(15, volume.Depth);
        Assert.Equal("DICOM", ImageFile.Inspect(path).Format);
    }

    private static byte[] Le16(ushort[] words) => [.. words.SelectMany(w => new[] { (byte)w, (byte)(w >> 8) })];
}
