using System.Security.Cryptography;
using System.Text.Json;
using MedVision.Imaging.Io.Dicom;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io.Dicom;

/// <summary>
/// What pydicom 2.3.1 makes of each file of its own test-file folder (tests/fixtures/imaging/dicom/manifest.json,
/// written by tests/fixtures/scripts/imaging_dicom.py), and the helpers that hold a decoded file against it.
/// </summary>
internal static class PydicomReference
{
    /// <summary>Debian's copy of pydicom's test files.</summary>
    public const string Folder = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private static readonly Lazy<Dictionary<string, JsonElement>> Entries = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("imaging", "dicom", "manifest.json")));
        return doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("file").GetString()!, e => e.Clone());
    });

    public static IReadOnlyDictionary<string, JsonElement> Manifest => Entries.Value;

    /// <summary>SHA-256 of the values as little-endian int64 in pydicom's (frames, rows, columns, samples) order, dropping unit frame/sample axes.</summary>
    public static string Hash(DicomPixelArray pixels)
    {
        var bytes = new byte[pixels.Values.Length * 8];
        var i = 0;
        for (var f = 0; f < pixels.Frames; f++)
        {
            for (var r = 0; r < pixels.Rows; r++)
            {
                for (var c = 0; c < pixels.Columns; c++)
                {
                    for (var s = 0; s < pixels.SamplesPerPixel; s++)
                    {
                        BitConverter.TryWriteBytes(bytes.AsSpan(8 * i++), (long)pixels[f, r, c, s]);
                    }
                }
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>pydicom's array shape for <paramref name="pixels"/>.</summary>
    public static int[] Shape(DicomPixelArray pixels)
    {
        var shape = new List<int>();
        if (pixels.Frames > 1)
        {
            shape.Add(pixels.Frames);
        }

        shape.Add(pixels.Rows);
        shape.Add(pixels.Columns);
        if (pixels.SamplesPerPixel > 1)
        {
            shape.Add(pixels.SamplesPerPixel);
        }

        return [.. shape];
    }

    /// <summary>Asserts shape, hash and statistics equal the manifest entry's.</summary>
    public static void AssertMatches(JsonElement entry, DicomPixelArray pixels)
    {
        var file = entry.GetProperty("file").GetString();
        Assert.Equal(entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(), Shape(pixels));
        Assert.True(entry.GetProperty("min").GetInt64() == (long)pixels.Values.Min(), $"{file}: min");
        Assert.True(entry.GetProperty("max").GetInt64() == (long)pixels.Values.Max(), $"{file}: max");
        Assert.True(entry.GetProperty("sum").GetInt64() == (long)pixels.Values.Sum(), $"{file}: sum {(long)pixels.Values.Sum()} vs {entry.GetProperty("sum").GetInt64()}");
        Assert.True(entry.GetProperty("sha256").GetString() == Hash(pixels), $"{file}: pixel hash differs from pydicom's");
    }
}
