using System.Globalization;
using MedVision.Imaging;
using MedVision.Imaging.Io;

namespace MedVision.Data;

/// <summary>
/// Data sets stored as one <c>.npz</c> archive in the MedMNIST layout: <c>train_images</c>/<c>train_labels</c>,
/// <c>val_images</c>/<c>val_labels</c>, <c>test_images</c>/<c>test_labels</c> (any subset). Images are (N, H, W) or
/// (N, H, W, C) with C ≤ 4; labels (N,) or (N, 1) non-negative integers. Class names are the label values in
/// numeric order. Sample <c>i</c> of split <c>s</c> has the id <c>s/i</c> (zero-padded) and the group <c>npz:s:i</c>.
/// </summary>
public static class NpzDataset
{
    private static readonly string[] Splits = ["train", "val", "test"];

    /// <summary>Reads the archive's arrays and lists its samples (pixels are read again by <see cref="ImageStore.Load"/>).</summary>
    public static Dataset Read(string path)
    {
        var full = Path.GetFullPath(path);
        IReadOnlyDictionary<string, NpyArray> arrays;
        try
        {
            arrays = NpzReader.Read(full);
        }
        catch (ImageFormatException e)
        {
            throw new DatasetFormatException($"{path}: {e.Detail}");
        }

        var rows = new List<(string Split, int Index, int Value)>();
        foreach (var split in Splits)
        {
            var hasImages = arrays.TryGetValue($"{split}_images", out var images);
            var hasLabels = arrays.TryGetValue($"{split}_labels", out var labels);
            if (hasImages != hasLabels)
            {
                throw new DatasetFormatException($"{path}: '{split}_{(hasImages ? "images" : "labels")}' has no matching '{split}_{(hasImages ? "labels" : "images")}'");
            }

            if (!hasImages)
            {
                continue;
            }

            var n = CheckImages(images!, path, $"{split}_images");
            var values = Labels(labels!, n, path, $"{split}_labels");
            rows.AddRange(values.Select((v, i) => (split, i, v)));
        }

        if (rows.Count == 0)
        {
            throw new DatasetFormatException(
                $"{path}: no train_images/train_labels, val_images/val_labels or test_images/test_labels arrays (found: {string.Join(", ", arrays.Keys)})");
        }

        var classValues = rows.Select(r => r.Value).Distinct().Order().ToList();
        var width = rows.Max(r => r.Index).ToString(CultureInfo.InvariantCulture).Length;
        var samples = rows
            .Select(r => new Sample(
                $"{r.Split}/{r.Index.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}",
                $"npz:{r.Split}:{r.Index.ToString(CultureInfo.InvariantCulture)}",
                classValues.IndexOf(r.Value),
                r.Split,
                new NpzPixels(full, r.Split, r.Index)))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        return new Dataset(Path.GetFileNameWithoutExtension(full), Path.GetDirectoryName(full)!,
            [.. classValues.Select(v => v.ToString(CultureInfo.InvariantCulture))], samples);
    }

    /// <summary>Image <paramref name="index"/> of an (N, H, W) or (N, H, W, C) array.</summary>
    internal static Image ImageAt(NpyArray images, int index, string path, string name)
    {
        var n = CheckImages(images, path, name);
        if (index < 0 || index >= n)
        {
            throw new DatasetFormatException($"{path}: '{name}' has {n} images, asked for index {index}");
        }

        var s = images.Shape;
        int h = s[1], w = s[2], c = s.Length == 4 ? s[3] : 1;
        var plane = h * w;
        var source = images.ToFloatArray().AsSpan(index * plane * c, plane * c);
        var image = new Image(c, h, w);
        // (H, W, C) interleaved → planar (C, H, W).
        for (var i = 0; i < plane; i++)
        {
            for (var k = 0; k < c; k++)
            {
                image.Data[(k * plane) + i] = source[(i * c) + k];
            }
        }

        return image;
    }

    private static int CheckImages(NpyArray images, string path, string name)
    {
        var s = images.Shape;
        if (!(s.Length == 3 || (s.Length == 4 && s[3] is >= 1 and <= 4)) || s[1] == 0 || s[2] == 0)
        {
            throw new DatasetFormatException($"{path}: '{name}' must be shaped (N, H, W) or (N, H, W, C ≤ 4), got ({string.Join(", ", s)})");
        }

        return s[0];
    }

    private static int[] Labels(NpyArray labels, int count, string path, string name)
    {
        var s = labels.Shape;
        if (!(s.Length == 1 || (s.Length == 2 && s[1] == 1)))
        {
            throw new DatasetFormatException(
                $"{path}: '{name}' must be shaped (N,) or (N, 1) with one class per image, got ({string.Join(", ", s)}); multi-label arrays are not supported");
        }

        if (s[0] != count)
        {
            throw new DatasetFormatException($"{path}: '{name}' holds {s[0]} labels for {count} images");
        }

        var values = labels.ToDoubleArray();
        var result = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v < 0 || v != Math.Floor(v) || v > int.MaxValue)
            {
                throw new DatasetFormatException($"{path}: '{name}'[{i}] = {v.ToString(CultureInfo.InvariantCulture)}: labels must be non-negative integers");
            }

            result[i] = (int)v;
        }

        return result;
    }
}
