using MedVision.Imaging.Io.Dicom;

namespace MedVision.Imaging.Tests.Io.Dicom;

/// <summary>
/// Every file of pydicom's test-file folder (Debian python3-pydicom), when it is installed: pixels equal to
/// pydicom's for every syntax MedVision decodes, a typed error naming the syntax for every other compressed one,
/// and nothing but <see cref="ImageFormatException"/> for files pydicom itself refuses.
/// </summary>
public class PydicomFolderTests
{
    [PydicomFolderFact]
    public void EveryFile_MatchesPydicomOrFailsTyped()
    {
        var files = Directory.GetFiles(PydicomReference.Folder, "*.dcm").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var checkedPixels = 0;
        foreach (var path in files)
        {
            var name = System.IO.Path.GetFileName(path);
            Assert.True(PydicomReference.Manifest.TryGetValue(name, out var entry), $"{name} is not in manifest.json; rerun tests/fixtures/scripts/imaging_dicom.py");
            var expectation = entry.GetProperty("pixels").GetString();
            switch (expectation)
            {
                case "pixels":
                    PydicomReference.AssertMatches(entry, DicomFile.Read(path).PixelArray());
                    checkedPixels++;
                    break;
                case "unsupported":
                    var error = Assert.Throws<ImageFormatException>(() => DicomFile.Read(path).PixelArray());
                    Assert.Contains(entry.GetProperty("transfer_syntax").GetString()!, error.Message, StringComparison.Ordinal);
                    Assert.Contains("gdcmconv --raw", error.Message, StringComparison.Ordinal);
                    break;
                case "error":
                    Assert.Throws<ImageFormatException>(() => DicomFile.Read(path).PixelArray());
                    break;
                case "no_reference":
                    Assert.NotEmpty(DicomFile.Read(path).PixelArray().Values); // 12-bit JPEG: known values are checked in DicomReaderTests
                    break;
                default:
                    // No pixel data: parsing succeeds or fails typed; pixel access is a typed error.
                    try
                    {
                        var file = DicomFile.Read(path);
                        Assert.Throws<ImageFormatException>(() => file.PixelArray());
                        Assert.NotNull(file.ToString());
                    }
                    catch (ImageFormatException)
                    {
                    }

                    break;
            }
        }

        var expected = PydicomReference.Manifest.Values.Count(e => e.GetProperty("pixels").GetString() == "pixels");
        Assert.Equal(expected, checkedPixels);
    }
}
