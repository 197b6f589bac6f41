using MedVision.Imaging.Io;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io;

public class ImageFileDetectTests
{
    [Fact]
    public void Detect_DicomWithNonZeroPreambleAndNoExtension_IsDicom()
    {
        // MR_small.dcm's preamble is not all zeros: only the "DICM" magic at byte 128 identifies it.
        var source = RepoPaths.Fixture("imaging", "dicom", "MR_small.dcm");
        var bytes = File.ReadAllBytes(source);
        Assert.True(bytes.AsSpan(0, 64).ContainsAnyExcept((byte)0));
        var path = Path.Combine(Directory.CreateTempSubdirectory("mv-detect-").FullName, "MR_small_no_extension");
        try
        {
            File.WriteAllBytes(path, bytes);
            Assert.Equal("DICOM", ImageFile.Detect(path).Name, StringComparer.OrdinalIgnoreCase);
            var image = ImageFile.Read(path);
            Assert.Equal(ImageFile.Read(source).Data, image.Data);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
