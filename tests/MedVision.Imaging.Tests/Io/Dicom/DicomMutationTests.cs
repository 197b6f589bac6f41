using MedVision.Imaging.Io.Dicom;
using MedVision.Imaging.Io.Jpeg;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io.Dicom;

/// <summary>
/// Seeded byte corruption of every committed DICOM and JPEG fixture: whatever the damage, reading either
/// succeeds or throws <see cref="ImageFormatException"/> — never another exception type.
/// </summary>
public class DicomMutationTests
{
    public static TheoryData<string> Files() => new(
        [
            .. Directory.GetFiles(RepoPaths.Fixture("imaging", "dicom"), "*.dcm").Select(Path.GetFileName).Order(StringComparer.Ordinal)!,
            .. Directory.GetFiles(RepoPaths.Fixture("imaging", "jpeg"), "*.jpg").Select(Path.GetFileName).Where(f => !f!.StartsWith("bench", StringComparison.Ordinal)).Order(StringComparer.Ordinal)!,
        ]);

    [Theory]
    [MemberData(nameof(Files))]
    public void CorruptedBytes_OnlyFormatErrors(string file)
    {
        var isJpeg = file.EndsWith(".jpg", StringComparison.Ordinal);
        var original = File.ReadAllBytes(RepoPaths.Fixture("imaging", isJpeg ? "jpeg" : "dicom", file));
        var rng = new Random(file.Length * 7919);
        var budget = new Imaging.Io.ReadOptions { MaxPixels = 1 << 21, MaxBytes = 1 << 24 };
        for (var trial = 0; trial < 32; trial++)
        {
            var bytes = (byte[])original.Clone();
            var flips = 1 + (trial % 4);
            for (var i = 0; i < flips; i++)
            {
                // Half the flips hit the first 1 KiB, where headers and lengths live.
                var at = trial % 2 == 0 ? rng.Next(Math.Min(1024, bytes.Length)) : rng.Next(bytes.Length);
                bytes[at] = (byte)rng.Next(256);
            }

            try
            {
                if (isJpeg)
                {
                    JpegReader.Decode(bytes, new JpegDecodeOptions { Budget = budget });
                }
                else
                {
                    var dicom = DicomFile.Parse(bytes, file, budget);
                    _ = dicom.ToString();
                    dicom.PixelArray();
                }
            }
            catch (ImageFormatException)
            {
            }
        }
    }
}
