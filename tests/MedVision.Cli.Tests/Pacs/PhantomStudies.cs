using MedVision.Data.Synthetic;
using MedVision.Imaging.Io.Dicom;

namespace MedVision.Cli.Tests.Pacs;

/// <summary>
/// Mammography-like test studies written with <see cref="DicomWriter"/>: each study one patient, one MG series
/// (Digital Mammography X-Ray Image Storage – For Presentation), <c>images</c> phantom patches (<c>size</c>², default 32²) as 16-bit
/// MONOCHROME2 with 12 bits stored.
/// </summary>
internal static class PhantomStudies
{
    public const string MammographySopClass = "1.2.840.10008.5.1.4.1.1.1.2";

    /// <summary>PS3.10 bytes of the instances of <paramref name="studies"/> studies, patients <c>{patientPrefix}{k}</c>.</summary>
    public static IReadOnlyList<(string StudyUid, IReadOnlyList<byte[]> Instances)> Create(string patientPrefix, int studies, int images, int seed, int size = 32)
    {
        var phantoms = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = (studies * images / 2) + 1, PatchesPerRegion = 1, Size = size, Seed = seed });
        var result = new List<(string, IReadOnlyList<byte[]>)>();
        var next = 0;
        for (var s = 0; s < studies; s++)
        {
            var study = DicomUid.New();
            var series = DicomUid.New();
            var files = new List<byte[]>();
            for (var i = 0; i < images; i++)
            {
                var image = phantoms[next++].Image;
                var pixels = new byte[2 * image.PlaneSize];
                for (var p = 0; p < image.PlaneSize; p++)
                {
                    var v = (ushort)Math.Clamp(MathF.Round(image.Data[p]), 0, 4095);
                    pixels[2 * p] = (byte)v;
                    pixels[(2 * p) + 1] = (byte)(v >> 8);
                }

                files.Add(DicomWriter.Encode(new DicomDatasetBuilder()
                    .SetText("SpecificCharacterSet", "ISO_IR 100")
                    .SetText("ImageType", @"ORIGINAL\PRIMARY")
                    .SetText("SOPClassUID", MammographySopClass)
                    .SetText("SOPInstanceUID", DicomUid.New())
                    .SetText("StudyDate", "20260105")
                    .SetText("StudyTime", "101500")
                    .SetText("AccessionNumber", $"ACC{s}")
                    .SetText("Modality", "MG")
                    .SetText("Manufacturer", "Phantom")
                    .SetText("ReferringPhysicianName", "Doe^Jane")
                    .SetText("StudyDescription", "Screening phantom")
                    .SetText("PatientName", $"Phantom^Patient{s}")
                    .SetText("PatientID", $"{patientPrefix}{s}")
                    .SetText("PatientBirthDate", "19600101")
                    .SetText("PatientSex", "F")
                    .SetText("StudyInstanceUID", study)
                    .SetText("SeriesInstanceUID", series)
                    .SetText("StudyID", $"S{s}")
                    .SetNumbers("SeriesNumber", 1)
                    .SetNumbers("InstanceNumber", i + 1)
                    .SetText("PatientOrientation", @"A\R")
                    .SetText("ImageLaterality", i % 2 == 0 ? "L" : "R")
                    .SetNumbers("SamplesPerPixel", 1)
                    .SetText("PhotometricInterpretation", "MONOCHROME2")
                    .SetNumbers("Rows", image.Height)
                    .SetNumbers("Columns", image.Width)
                    .SetNumbers("BitsAllocated", 16)
                    .SetNumbers("BitsStored", 12)
                    .SetNumbers("HighBit", 11)
                    .SetNumbers("PixelRepresentation", 0)
                    .SetBytes("PixelData", pixels, "OW")
                    .Build()));
            }

            result.Add((study, files));
        }

        return result;
    }
}
