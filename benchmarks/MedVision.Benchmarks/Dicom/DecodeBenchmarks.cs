using BenchmarkDotNet.Attributes;
using MedVision.Imaging.Io.Dicom;
using MedVision.Imaging.Io.Jpeg;

namespace MedVision.Benchmarks.Dicom;

/// <summary>
/// JPEG decoding of 512×512 4:2:0 images (baseline and progressive, bit-exact with Pillow) and DICOM parsing plus
/// pixel decoding of pydicom's CT (native 16-bit), RLE and JPEG-baseline test files, all from tests/fixtures.
/// Pillow on the same JPEG bytes (<c>np.asarray(Image.open(BytesIO(data)))</c>) is the reference to compare with.
/// Run: <c>dotnet run -c Release --project benchmarks/MedVision.Benchmarks -- --filter *DecodeBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private byte[] _baseline = [];
    private byte[] _progressive = [];
    private byte[] _ct = [];
    private byte[] _rle = [];
    private byte[] _jpegDicom = [];

    [GlobalSetup]
    public void Setup()
    {
        var fixtures = FindFixtures();
        _baseline = File.ReadAllBytes(Path.Combine(fixtures, "jpeg", "bench_rgb420_512x512.jpg"));
        _progressive = File.ReadAllBytes(Path.Combine(fixtures, "jpeg", "bench_rgb420_progressive_512x512.jpg"));
        _ct = File.ReadAllBytes(Path.Combine(fixtures, "dicom", "CT_small.dcm"));
        _rle = File.ReadAllBytes(Path.Combine(fixtures, "dicom", "SC_rgb_rle_16bit.dcm"));
        _jpegDicom = File.ReadAllBytes(Path.Combine(fixtures, "dicom", "SC_rgb_dcmtk_+eb+cy+np.dcm"));
    }

    [Benchmark]
    public JpegImage JpegBaseline420_512() => JpegReader.Decode(_baseline);

    [Benchmark]
    public JpegImage JpegProgressive420_512() => JpegReader.Decode(_progressive);

    [Benchmark]
    public DicomPixelArray DicomCtNative16_128() => DicomFile.Parse(_ct).PixelArray();

    [Benchmark]
    public DicomPixelArray DicomRleRgb16_100() => DicomFile.Parse(_rle).PixelArray();

    [Benchmark]
    public DicomPixelArray DicomJpegYbr422_100() => DicomFile.Parse(_jpegDicom).PixelArray();

    /// <summary>tests/fixtures/imaging, found above the working directory or the binaries (or MEDVISION_ROOT).</summary>
    private static string FindFixtures()
    {
        var starts = new[] { Environment.GetEnvironmentVariable("MEDVISION_ROOT"), Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        foreach (var start in starts.OfType<string>())
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "imaging");
                if (File.Exists(Path.Combine(dir.FullName, "MedVision.slnx")) && Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("tests/fixtures/imaging not found; set MEDVISION_ROOT to the repository root");
    }
}
