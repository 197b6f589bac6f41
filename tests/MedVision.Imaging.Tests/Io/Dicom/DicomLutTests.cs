using MedVision.Imaging.Io.Dicom;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io.Dicom;

/// <summary>Modality and VOI LUT Sequences against pydicom's apply_modality_lut / apply_voi_lut (imaging_dicom_lut.py).</summary>
public class DicomLutTests
{
    [Theory]
    [InlineData("mlut_us16")]
    [InlineData("mlut_ow8_implicit")]
    [InlineData("voi_two_items_bigendian")]
    [InlineData("voi_65536_deflated")]
    public void Modality_MatchesPydicomApplyModalityLut(string name)
    {
        var file = DicomFile.Read(Fixture(name + ".dcm"));
        var modality = DicomLut.Modality(file.PixelArray().ToImage(), file);
        Assert.Equal(Expected(name + "_modality"), modality.Data);
    }

    [Theory]
    [InlineData("mlut_us16")]
    [InlineData("mlut_ow8_implicit")]
    [InlineData("voi_two_items_bigendian")]
    [InlineData("voi_65536_deflated")]
    public void Truncated_AtEvery64th_IsFormatErrorOrTheSameResult(string name)
    {
        var bytes = File.ReadAllBytes(Fixture(name + ".dcm"));
        var expected = Expected(name + "_modality");
        for (var k = 0; k < 64; k++)
        {
            var cut = bytes.AsSpan(0, bytes.Length * k / 64).ToArray();
            try
            {
                var file = DicomFile.Parse(cut, name);
                var image = DicomLut.Modality(file.PixelArray().ToImage(), file);
                DicomLut.Voi(image, file);
                Assert.Equal(expected, image.Data); // only trailing bytes past the pixels may go without an error
            }
            catch (ImageFormatException e)
            {
                Assert.Equal(name, e.Path);
            }
        }
    }

    [Theory]
    [InlineData("voi_two_items_bigendian", 0)]
    [InlineData("voi_two_items_bigendian", 1)]
    [InlineData("voi_65536_deflated", 0)]
    public void Voi_MatchesPydicomApplyVoiLut(string name, int index)
    {
        var file = DicomFile.Read(Fixture(name + ".dcm"));
        var voi = DicomLut.Voi(DicomLut.Modality(file.PixelArray().ToImage(), file), file, index);
        Assert.Equal(Expected($"{name}_voi{index}"), voi.Data);
    }

    [Theory]
    [InlineData("voi_two_items_bigendian")]
    [InlineData("voi_65536_deflated")]
    public void Voi_PreferWindow_MatchesPydicomApplyWindowing(string name)
    {
        var file = DicomFile.Read(Fixture(name + ".dcm"));
        var windowed = DicomLut.Voi(DicomLut.Modality(file.PixelArray().ToImage(), file), file, preferLut: false);
        var expected = Expected(name + "_window");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], windowed.Data[i], 1e-3f);
        }
    }

    [Fact]
    public void Voi_IndexPastTheItems_IsArgumentError()
    {
        var file = DicomFile.Read(Fixture("voi_two_items_bigendian.dcm"));
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomLut.Voi(file.PixelArray().ToImage(), file, 2));
    }

    [Fact]
    public void Modality_WithoutTableOrRescale_IsACopy()
    {
        var file = DicomFile.Read(Fixture("voi_65536_deflated.dcm"));
        var stored = file.PixelArray().ToImage();
        Assert.Equal(stored.Data, DicomLut.Modality(stored, file).Data);
    }

    // LUTDescriptor of mlut_us16.dcm is (200, 100, 16) after the explicit-VR LE header 28 00 02 30 'U' 'S' 06 00.
    [Theory]
    [InlineData(0, 201, "LUTData holds 400 bytes, LUTDescriptor promises 201 16-bit entries")]
    [InlineData(0, 199, "LUTData holds 400 bytes, LUTDescriptor promises 199 16-bit entries")]
    [InlineData(0, 0, "LUTDescriptor promises 65536 16-bit entries")]
    [InlineData(2, 40, "bits per entry must be 8–16, got 40")]
    [InlineData(2, 7, "bits per entry must be 8–16, got 7")]
    public void Modality_LyingDescriptor_IsFormatError(int word, int value, string message)
    {
        var bytes = File.ReadAllBytes(Fixture("mlut_us16.dcm"));
        var at = bytes.AsSpan().IndexOf("\x28\x00\x02\x30US\x06\x00"u8) + 8;
        Assert.Equal(200, BitConverter.ToUInt16(bytes, at));
        BitConverter.TryWriteBytes(bytes.AsSpan(at + (2 * word)), (ushort)value);
        var file = DicomFile.Parse(bytes, "lying.dcm");
        var e = Assert.Throws<ImageFormatException>(() => DicomLut.Modality(file.PixelArray().ToImage(), file));
        Assert.Contains("lying.dcm", e.Message, StringComparison.Ordinal);
        Assert.Contains("ModalityLUTSequence item 1", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Modality_TruncatedInsideLutData_IsFormatError()
    {
        var bytes = File.ReadAllBytes(Fixture("mlut_us16.dcm"));
        var data = bytes.AsSpan().IndexOf("\x28\x00\x06\x30US"u8);
        Assert.True(data > 0);
        Assert.Throws<ImageFormatException>(() => DicomFile.Parse(bytes.AsSpan(0, data + 8 + 100), "truncated.dcm"));
    }

    [Fact]
    public void Modality_ItemWithoutLutData_IsFormatError()
    {
        var bytes = File.ReadAllBytes(Fixture("mlut_us16.dcm"));
        // Rename LUTData (0028,3006) to the unassigned (0028,3007) of the same size.
        var data = bytes.AsSpan().IndexOf("\x28\x00\x06\x30US"u8);
        bytes[data + 2] = 0x07;
        var file = DicomFile.Parse(bytes, "nodata.dcm");
        var e = Assert.Throws<ImageFormatException>(() => DicomLut.Modality(file.PixelArray().ToImage(), file));
        Assert.Contains("has no LUTData", e.Message, StringComparison.Ordinal);
    }

    private static string Fixture(string name) => RepoPaths.Fixture("imaging", "dicom_lut", name);

    private static float[] Expected(string name) => NpyFixture.Load("imaging", "dicom_lut", name + ".npy").AsFloat();
}
