using MedVision.Imaging;

namespace MedVision.Data.Synthetic;

/// <summary>
/// A synthetic stand-in for the seeds/000 microcalcification patches, so that the whole pipeline can run and be
/// tested without patient data. Background: multi-octave value noise (breast-like parenchyma) with a few bright
/// elongated fibroglandular strands. Positives (label 1): a cluster of 4–12 small bright specks of varied size and
/// contrast. Negatives (label 0): the same background, with look-alikes — a single isolated speck, a linear
/// vessel-like calcification, or nothing. Each source region is larger than a patch; <see cref="PhantomOptions.PatchesPerRegion"/>
/// overlapping patches are cut from it and share its group, so a random split leaks and a grouped one does not.
/// Pixels are 8-bit-scaled (0–255) grey values. Deterministic for a seed.
/// </summary>
public static class MicrocalcificationPhantom
{
    /// <summary>Class names, index = label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["normal", "microcalcification"];

    /// <summary>Generates the default set (100 regions per class × 3 patches, 60×60).</summary>
    public static IReadOnlyList<(Sample Sample, Image Image)> Generate(int seed = 0) => Generate(new PhantomOptions { Seed = seed });

    public static IReadOnlyList<(Sample Sample, Image Image)> Generate(PhantomOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RegionsPerClass, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PatchesPerRegion, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Size, 16);
        var result = new List<(Sample, Image)>();
        var rng = new Random(options.Seed);
        var margin = options.Size / 5;
        var regionSize = options.Size + margin;
        for (var region = 0; region < 2 * options.RegionsPerClass; region++)
        {
            var label = region % 2;
            var regionSeed = rng.Next();
            var source = Region(regionSize, label, new Random(regionSeed));
            var group = $"{ClassNames[label]}_region{region / 2:D3}";
            var cut = new Random(regionSeed ^ 0x5f3759df);
            for (var k = 0; k < options.PatchesPerRegion; k++)
            {
                int dx = cut.Next(margin + 1), dy = cut.Next(margin + 1);
                var patch = new Image(1, options.Size, options.Size);
                for (var y = 0; y < options.Size; y++)
                {
                    for (var x = 0; x < options.Size; x++)
                    {
                        patch.Data[(y * options.Size) + x] = source[((y + dy) * regionSize) + x + dx];
                    }
                }

                result.Add((new Sample($"{group}_{k}", group, label), patch));
            }
        }

        return result;
    }

    /// <summary>
    /// Writes the set of <paramref name="options"/> as a class-per-folder tree, <c>folder/&lt;class&gt;/&lt;id&gt;.png</c>
    /// (8-bit PNG), the layout <see cref="DatasetDiscovery"/> and <c>ImageClassifier.Fit</c> read; returns
    /// <paramref name="folder"/>. Files of an earlier call are overwritten.
    /// </summary>
    public static string WriteFolder(string folder, PhantomOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        foreach (var (sample, image) in Generate(options ?? new PhantomOptions()))
        {
            var directory = Directory.CreateDirectory(Path.Combine(folder, ClassNames[sample.Label])).FullName;
            Imaging.Io.ImageFile.Write(Path.Combine(directory, sample.Id + ".png"), image);
        }

        return folder;
    }

    private static float[] Region(int size, int label, Random rng)
    {
        var pixels = new float[size * size];
        var baseLevel = 90 + (rng.NextDouble() * 60);
        AddValueNoise(pixels, size, rng, cell: 24, amplitude: 28);
        AddValueNoise(pixels, size, rng, cell: 10, amplitude: 14);
        AddValueNoise(pixels, size, rng, cell: 4, amplitude: 7);
        AddValueNoise(pixels, size, rng, cell: 1, amplitude: 4);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] += (float)baseLevel;
        }

        var strands = rng.Next(0, 3);
        for (var s = 0; s < strands; s++)
        {
            AddLine(pixels, size, rng, width: 2.5 + (rng.NextDouble() * 3), contrast: 10 + (rng.NextDouble() * 15));
        }

        var centre = size / 2.0;
        if (label == 1)
        {
            var count = rng.Next(4, 13);
            var spread = 5 + (rng.NextDouble() * 9);
            var cx = centre + ((rng.NextDouble() - 0.5) * size * 0.2);
            var cy = centre + ((rng.NextDouble() - 0.5) * size * 0.2);
            for (var i = 0; i < count; i++)
            {
                var angle = rng.NextDouble() * 2 * Math.PI;
                var r = spread * Math.Sqrt(rng.NextDouble());
                AddSpeck(pixels, size, cx + (r * Math.Cos(angle)), cy + (r * Math.Sin(angle)),
                    radius: 0.7 + (rng.NextDouble() * 1.0), contrast: 30 + (rng.NextDouble() * 50));
            }
        }
        else
        {
            switch (rng.Next(3))
            {
                case 0:
                    AddSpeck(pixels, size, centre + ((rng.NextDouble() - 0.5) * size * 0.5), centre + ((rng.NextDouble() - 0.5) * size * 0.5),
                        radius: 0.8 + (rng.NextDouble() * 1.5), contrast: 30 + (rng.NextDouble() * 50));
                    break;
                case 1:
                    AddLine(pixels, size, rng, width: 0.9 + (rng.NextDouble() * 0.6), contrast: 25 + (rng.NextDouble() * 30));
                    break;
                default:
                    break;
            }
        }

        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = MathF.Round(Math.Clamp(pixels[i], 0, 255));
        }

        return pixels;
    }

    /// <summary>Bilinearly interpolated random values on a grid of <paramref name="cell"/> pixels.</summary>
    private static void AddValueNoise(float[] pixels, int size, Random rng, int cell, double amplitude)
    {
        var n = (size / cell) + 2;
        var grid = new double[n * n];
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = (rng.NextDouble() - 0.5) * 2 * amplitude;
        }

        for (var y = 0; y < size; y++)
        {
            double gy = (double)y / cell;
            int y0 = (int)gy;
            var fy = gy - y0;
            for (var x = 0; x < size; x++)
            {
                double gx = (double)x / cell;
                int x0 = (int)gx;
                var fx = gx - x0;
                var top = (grid[(y0 * n) + x0] * (1 - fx)) + (grid[(y0 * n) + x0 + 1] * fx);
                var bottom = (grid[((y0 + 1) * n) + x0] * (1 - fx)) + (grid[((y0 + 1) * n) + x0 + 1] * fx);
                pixels[(y * size) + x] += (float)((top * (1 - fy)) + (bottom * fy));
            }
        }
    }

    /// <summary>A Gaussian bright spot of standard deviation <paramref name="radius"/>.</summary>
    private static void AddSpeck(float[] pixels, int size, double cx, double cy, double radius, double contrast)
    {
        var reach = (int)Math.Ceiling(radius * 3);
        for (var y = Math.Max(0, (int)cy - reach); y <= Math.Min(size - 1, (int)cy + reach); y++)
        {
            for (var x = Math.Max(0, (int)cx - reach); x <= Math.Min(size - 1, (int)cx + reach); x++)
            {
                var d2 = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy));
                pixels[(y * size) + x] += (float)(contrast * Math.Exp(-d2 / (2 * radius * radius)));
            }
        }
    }

    /// <summary>A straight bright line across the region with a Gaussian cross-section.</summary>
    private static void AddLine(float[] pixels, int size, Random rng, double width, double contrast)
    {
        var angle = rng.NextDouble() * Math.PI;
        double nx = -Math.Sin(angle), ny = Math.Cos(angle);
        double px = size * (0.25 + (rng.NextDouble() * 0.5)), py = size * (0.25 + (rng.NextDouble() * 0.5));
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var d = ((x - px) * nx) + ((y - py) * ny);
                pixels[(y * size) + x] += (float)(contrast * Math.Exp(-(d * d) / (2 * width * width)));
            }
        }
    }
}
