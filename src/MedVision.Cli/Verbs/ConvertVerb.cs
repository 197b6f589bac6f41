using System.CommandLine;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Imaging.Io.Dicom;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision convert IN OUT</c>: any readable image or volume to the format OUT's extension names (.png,
/// .npy, .pgm/.ppm, .mhd/.mha). Volumes and multi-frame files need <c>--slice</c>/<c>--frame</c> for 2-D
/// outputs; .npy and MetaImage outputs take the whole volume otherwise. DICOM input keeps its stored values
/// unless <c>--rescale</c> applies the modality transform (the Modality LUT Sequence, else slope and intercept, e.g. to Hounsfield units). <c>--scale</c> maps the value range
/// linearly onto 0…255 (for CT or float data going to PNG/PGM); without it, values outside what the output
/// stores are an error rather than a silent clamp.
/// </summary>
internal static class ConvertVerb
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("IN") { Description = "Input image, volume or array file" };
        var output = new Argument<string>("OUT") { Description = "Output file; its extension picks the format (.png, .npy, .pgm, .ppm, .mhd, .mha)" };
        var slice = new Option<int?>("--slice") { Description = "0-based slice of a volume to write as a 2-D image" };
        var frame = new Option<int?>("--frame") { Description = "0-based frame of a multi-frame file (e.g. DICOM) to write as a 2-D image" };
        var scale = new Option<bool>("--scale") { Description = "Map the value range linearly onto 0…255 before writing" };
        var rescale = new Option<bool>("--rescale") { Description = "DICOM: apply the modality transform (Modality LUT Sequence, else RescaleSlope/RescaleIntercept, e.g. Hounsfield units) instead of writing stored values" };
        var command = new Command("convert", "Convert an image or volume to PNG, NumPy, PGM/PPM or MetaImage") { input, output, slice, frame, scale, rescale };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(input)!;
            var target = parse.GetValue(output)!;
            if (!File.Exists(source))
            {
                throw new UsageException($"IN '{source}' does not exist");
            }

            var format = ImageFile.ForExtension(target);
            if (format?.Write is null)
            {
                var writable = string.Join(", ", ImageFile.Formats.Where(f => f.Write is not null).SelectMany(f => f.Extensions));
                throw new UsageException($"OUT must end in one of {writable}, got '{Path.GetExtension(target)}'");
            }

            var (sliceIndex, frameIndex) = (parse.GetValue(slice), parse.GetValue(frame));
            if (sliceIndex is not null && frameIndex is not null)
            {
                throw new UsageException("give --slice or --frame, not both");
            }

            var index = sliceIndex ?? frameIndex;
            var option = sliceIndex is not null ? "--slice" : "--frame";
            var info = ImageFile.Inspect(source);
            if (parse.GetValue(rescale) && info.Format != "DICOM")
            {
                throw new UsageException($"--rescale applies to DICOM input, IN is {info.Format}");
            }

            var dicom = parse.GetValue(rescale) ? DicomFile.Read(source) : null;

            var isVolume = info.Sizes.Count > 2 && info.Sizes[2] > 1 && !(info.Format == "NumPy" && info.Channels > 1);
            string written;
            if (isVolume && index is null)
            {
                var volume = ImageFile.ReadVolume(source);
                if (format.Name is not ("NumPy" or "MetaImage"))
                {
                    throw new UsageException($"IN is a volume of {volume.Depth} slices; pick one with --slice 0…{volume.Depth - 1} (or --frame for multi-frame files), or write .npy/.mhd");
                }

                if (dicom is not null)
                {
                    DicomLut.Modality(new Image(1, 1, volume.Data.Length, volume.Data), dicom).Data.CopyTo(volume.Data, 0);
                }

                if (parse.GetValue(scale))
                {
                    Scale(volume.Data);
                }

                if (format.Name == "NumPy")
                {
                    NpyWriter.Write(target, new NpyArray([volume.Depth, volume.Height, volume.Width], volume.Data));
                }
                else
                {
                    MetaImageWriter.Write(target, volume);
                }

                written = $"{volume.Width}×{volume.Height}×{volume.Depth} volume";
            }
            else
            {
                Image image;
                if (index is { } k)
                {
                    var volume = ImageFile.ReadVolume(source);
                    if (k < 0 || k >= volume.Depth)
                    {
                        throw new UsageException($"{option} must be in 0…{volume.Depth - 1}, got {k}");
                    }

                    image = volume.Slice(k);
                }
                else
                {
                    image = ImageFile.Read(source);
                }

                if (dicom is not null)
                {
                    image = DicomLut.Modality(image, dicom);
                }

                if (parse.GetValue(scale))
                {
                    Scale(image.Data);
                }

                CheckRange(image, format.Name);
                ImageFile.Write(target, image);
                written = $"{image.Width}×{image.Height}, {image.Channels} channel(s)";
            }

            context.StdErr.WriteLine($"wrote {target} ({format.Name}, {written})");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Maps the finite values' range linearly onto 0…255 in place (a constant image becomes 0).</summary>
    private static void Scale(float[] values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (float.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        var factor = max > min ? 255f / (max - min) : 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = float.IsFinite(values[i]) ? MathF.Round((values[i] - min) * factor) : 0;
        }
    }

    private static void CheckRange(Image image, string format)
    {
        if (format is not ("PNG" or "PNM"))
        {
            return;
        }

        foreach (var v in image.Data)
        {
            if (!(v >= 0 && v <= 65535))
            {
                throw new InvalidOperationException($"IN holds values outside 0…65535 (e.g. {v}), which {format} cannot store; add --scale to map the range onto 0…255, or write .npy");
            }
        }
    }
}
