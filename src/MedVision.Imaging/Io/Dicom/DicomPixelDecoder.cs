using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MedVision.Imaging.Io.Jpeg;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Turns the Pixel Data element into stored values (PS3.3 C.7.6.3 Image Pixel module, PS3.5 §8): native data of
/// 1, 8, 16 or 32 bits allocated in either byte order, interleaved or planar, YBR_FULL_422 expanded as pydicom
/// does; RLE Lossless; JPEG baseline and extended through <see cref="JpegReader"/> with pydicom's colour rules
/// (YBR and un-marked RGB stay as stored). Other syntaxes are refused with the syntax's name and a conversion
/// command. Sizes are checked against the budget and against the bytes present before any allocation.
/// </summary>
internal static class DicomPixelDecoder
{
    public static DicomPixelArray Decode(DicomFile file, DicomPixelOptions options)
    {
        var ds = file.Dataset;
        var name = file.Name;
        var pixel = ds[DicomTag.PixelData] ?? throw new ImageFormatException(name, "has no Pixel Data (7FE0,0010) element");
        var syntax = file.TransferSyntax;
        if (!syntax.Decodable)
        {
            throw new ImageFormatException(name, $"pixel data uses {syntax.Name} ({syntax.Uid}), which MedVision does not decode; {syntax.ConversionHint}");
        }

        var rows = Required(ds, name, "Rows", 1, 65535);
        var columns = Required(ds, name, "Columns", 1, 65535);
        var bitsAllocated = Required(ds, name, "BitsAllocated", 1, 32);
        if (bitsAllocated is not (1 or 8 or 16 or 32))
        {
            throw new ImageFormatException(name, $"BitsAllocated must be 1, 8, 16 or 32, got {bitsAllocated}");
        }

        var samples = Optional(ds, name, "SamplesPerPixel", 1, 1, 3);
        if (samples == 2)
        {
            throw new ImageFormatException(name, "SamplesPerPixel must be 1 or 3, got 2");
        }

        var bitsStored = Optional(ds, name, "BitsStored", bitsAllocated, 1, bitsAllocated);
        var highBit = Optional(ds, name, "HighBit", bitsStored - 1, bitsStored - 1, bitsAllocated - 1);
        var signed = Optional(ds, name, "PixelRepresentation", 0, 0, 1) == 1;
        var planar = samples > 1 && Optional(ds, name, "PlanarConfiguration", 0, 0, 1) == 1;
        var frames = Optional(ds, name, "NumberOfFrames", 1, 1, int.MaxValue);
        var photometric = ds.GetString("PhotometricInterpretation") ?? (samples == 1 ? "MONOCHROME2" : "RGB");
        var plane = rows * columns;
        var total = (long)frames * samples * plane;
        file.Options.CheckValues(name, $"{frames} frame(s) × {samples} sample(s) × {rows}×{columns}", total);

        var field = $"{frames} frame(s) × {samples} sample(s) × {rows}×{columns}";
        var raw = file.Options.Allocate<ulong>(name, field, total);
        var bytesPerSample = Math.Max(bitsAllocated / 8, 1);
        if (pixel.Fragments is { } fragments)
        {
            var frameData = SplitFrames(pixel, fragments, frames, name);
            for (var f = 0; f < frames; f++)
            {
                var dst = raw.AsSpan(f * samples * plane, samples * plane);
                var label = frames == 1 ? name : $"{name} frame {f + 1}";
                if (syntax.Uid == "1.2.840.10008.1.2.5")
                {
                    if (bitsAllocated == 1)
                    {
                        throw new ImageFormatException(name, "RLE Lossless with BitsAllocated 1 is not supported");
                    }

                    DicomRle.DecodeFrame(frameData[f].Span, samples, bytesPerSample, plane, dst, label);
                }
                else
                {
                    DecodeJpegFrame(frameData[f], dst, rows, columns, samples, photometric, label, file.Options);
                }
            }
        }
        else
        {
            DecodeNative(pixel.Value.Span, raw, bitsAllocated, samples, planar, photometric, plane, pixel.BigEndian, name);
        }

        var values = file.Options.Allocate<double>(name, field, total);
        var mask = bitsStored == 64 ? ulong.MaxValue : (1UL << bitsStored) - 1;
        var shift = highBit + 1 - bitsStored;
        for (var i = 0; i < values.Length; i++)
        {
            var v = raw[i];
            if (options.MaskBitsStored && bitsStored < bitsAllocated)
            {
                v = (v >> shift) & mask;
                values[i] = signed && (v >> (bitsStored - 1)) != 0 ? (long)v - (1L << bitsStored) : v;
            }
            else
            {
                values[i] = signed && bitsAllocated > 1 && (v >> (bitsAllocated - 1)) != 0 ? (long)v - (1L << bitsAllocated) : v;
            }
        }

        return new DicomPixelArray(frames, rows, columns, samples, photometric, values);
    }

    private static void DecodeNative(
        ReadOnlySpan<byte> data, ulong[] raw, int bitsAllocated, int samples, bool planar, string photometric, int plane, bool bigEndian, string name)
    {
        var count = raw.Length;
        var ybr422 = photometric == "YBR_FULL_422" && bitsAllocated == 8 && samples == 3;
        var expected = bitsAllocated == 1 ? (count + 7L) / 8 : ybr422 ? count / 3L * 2 : (long)count * (bitsAllocated / 8);
        if (data.Length < expected)
        {
            throw new ImageFormatException(name, $"pixel data is truncated: {data.Length} bytes, expected {expected}");
        }

        if (ybr422)
        {
            for (var i = 0; i < count; i++)
            {
                var f = i / (3 * plane);
                var k = i % (3 * plane);
                raw[(f * 3 * plane) + ((k % 3) * plane) + (k / 3)] = Ybr422(data, f * plane * 2, k);
            }

            return;
        }

        // Read in file order, then move interleaved samples (R G B R G B …) into planes.
        Span<ulong> values = raw;
        switch (bitsAllocated)
        {
            case 1:
                for (var i = 0; i < count; i++)
                {
                    values[i] = (ulong)((data[i >> 3] >> (i & 7)) & 1);
                }

                break;
            case 8:
                for (var i = 0; i < count; i++)
                {
                    values[i] = data[i];
                }

                break;
            case 16:
                var words = MemoryMarshal.Cast<byte, ushort>(data[..(2 * count)]);
                var swap16 = bigEndian == BitConverter.IsLittleEndian;
                for (var i = 0; i < count; i++)
                {
                    values[i] = swap16 ? BinaryPrimitives.ReverseEndianness(words[i]) : words[i];
                }

                break;
            default:
                var dwords = MemoryMarshal.Cast<byte, uint>(data[..(4 * count)]);
                var swap32 = bigEndian == BitConverter.IsLittleEndian;
                for (var i = 0; i < count; i++)
                {
                    values[i] = swap32 ? BinaryPrimitives.ReverseEndianness(dwords[i]) : dwords[i];
                }

                break;
        }

        if (samples > 1 && !planar)
        {
            var frame = new ulong[samples * plane];
            for (var start = 0; start < count; start += frame.Length)
            {
                var src = values.Slice(start, frame.Length);
                for (var p = 0; p < plane; p++)
                {
                    for (var c = 0; c < samples; c++)
                    {
                        frame[(c * plane) + p] = src[(p * samples) + c];
                    }
                }

                frame.CopyTo(src);
            }
        }
    }

    /// <summary>YBR_FULL_422 native data holds Y1 Y2 Cb Cr per pixel pair; each pixel gets its own Y and the pair's Cb, Cr.</summary>
    private static byte Ybr422(ReadOnlySpan<byte> data, int frameStart, int k)
    {
        var pixel = k / 3;
        var sample = k % 3;
        var pair = frameStart + (4 * (pixel / 2));
        return sample == 0 ? data[pair + (pixel & 1)] : data[pair + 1 + sample];
    }

    private static void DecodeJpegFrame(
        ReadOnlyMemory<byte> frame, Span<ulong> dst, int rows, int columns, int samples, string photometric, string name, ReadOptions budget)
    {
        var jpeg = JpegReader.Decode(frame.Span, new JpegDecodeOptions { Name = name, ColorTransform = JpegColorTransform.None, Budget = budget });
        if (jpeg.Width != columns || jpeg.Height != rows || jpeg.Components != samples)
        {
            throw new ImageFormatException(name, $"JPEG frame is {jpeg.Width}×{jpeg.Height} with {jpeg.Components} component(s); the data set says {columns}×{rows} with {samples}");
        }

        // pydicom (Pillow) keeps YBR data as YCbCr and RGB data as stored unless an Adobe marker asks for a transform.
        var convert = samples == 3 && jpeg.YCbCrCoded && !photometric.StartsWith("YBR", StringComparison.Ordinal)
            && (photometric != "RGB" || jpeg.AdobeTransform >= 0);
        var s = jpeg.Samples;
        var plane = rows * columns;
        if (convert)
        {
            JpegColor.YCbCrToRgb(s.AsSpan(0, plane), s.AsSpan(plane, plane), s.AsSpan(2 * plane, plane), jpeg.Precision);
        }

        for (var i = 0; i < s.Length; i++)
        {
            dst[i] = s[i];
        }
    }

    /// <summary>The compressed bytes of each frame: by the basic offset table, one fragment per frame, or (JPEG) fragments up to an EOI marker.</summary>
    private static ReadOnlyMemory<byte>[] SplitFrames(DicomElement pixel, IReadOnlyList<ReadOnlyMemory<byte>> fragments, int frames, string name)
    {
        if (fragments.Count == 0)
        {
            throw new ImageFormatException(name, "encapsulated pixel data holds no fragments");
        }

        if (frames == 1)
        {
            return [Concat(fragments, 0, fragments.Count)];
        }

        if (fragments.Count == frames)
        {
            return [.. fragments];
        }

        var result = new List<ReadOnlyMemory<byte>>();
        var offsets = pixel.OffsetTable ?? [];
        if (offsets.Count == frames)
        {
            // Offsets count from the first fragment item's tag: each item adds 8 header bytes.
            long at = 0;
            var starts = new long[fragments.Count];
            for (var i = 0; i < fragments.Count; i++)
            {
                starts[i] = at;
                at += 8 + fragments[i].Length;
            }

            for (var f = 0; f < frames; f++)
            {
                var first = Array.IndexOf(starts, (long)offsets[f]);
                var next = f + 1 < frames ? Array.IndexOf(starts, (long)offsets[f + 1]) : fragments.Count;
                if (first < 0 || next <= first)
                {
                    throw new ImageFormatException(name, $"basic offset table entry {f} ({offsets[f]}) does not start a fragment");
                }

                result.Add(Concat(fragments, first, next));
            }

            return [.. result];
        }

        var start = 0;
        for (var i = 0; i < fragments.Count; i++)
        {
            var span = fragments[i].Span.TrimEnd((byte)0);
            if (span.Length >= 2 && span[^2] == 0xFF && span[^1] == 0xD9)
            {
                result.Add(Concat(fragments, start, i + 1));
                start = i + 1;
            }
        }

        return result.Count == frames ? [.. result]
            : throw new ImageFormatException(name, $"cannot split {fragments.Count} fragments into {frames} frames (no usable offset table)");
    }

    private static ReadOnlyMemory<byte> Concat(IReadOnlyList<ReadOnlyMemory<byte>> fragments, int from, int to)
    {
        if (to - from == 1)
        {
            return fragments[from];
        }

        var length = 0L;
        for (var i = from; i < to; i++)
        {
            length += fragments[i].Length;
        }

        var bytes = new byte[length];
        var at = 0;
        for (var i = from; i < to; i++)
        {
            fragments[i].Span.CopyTo(bytes.AsSpan(at));
            at += fragments[i].Length;
        }

        return bytes;
    }

    private static int Required(DicomDataset ds, string name, string keyword, int min, int max) =>
        Number(ds, name, keyword) is { } v ? Check(v, name, keyword, min, max)
        : throw new ImageFormatException(name, $"{keyword} {DicomDictionary.TagOf(keyword)} is required for pixel data and missing");

    private static int Optional(DicomDataset ds, string name, string keyword, int fallback, int min, int max) =>
        Number(ds, name, keyword) is { } v ? Check(v, name, keyword, min, max) : fallback;

    /// <summary>The attribute's first value; a malformed DS/IS value becomes an error naming the file.</summary>
    private static double? Number(DicomDataset ds, string name, string keyword)
    {
        try
        {
            return ds.GetNumber(keyword);
        }
        catch (ImageFormatException e)
        {
            throw new ImageFormatException(name, e.Detail, e);
        }
    }

    private static int Check(double v, string name, string keyword, int min, int max) =>
        v >= min && v <= max && v == Math.Floor(v) ? (int)v
        : throw new ImageFormatException(name, $"{keyword} must be an integer in {min}–{max}, got {v}");
}
