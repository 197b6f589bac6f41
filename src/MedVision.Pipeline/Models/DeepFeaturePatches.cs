using MedVision.Classical;
using MedVision.Imaging;
using MedVision.Nn.Patches;
using MedVision.Tensors;

namespace MedVision.Pipeline.Models;

/// <summary>Pooled features of patch views, one row each, with the label of the image each came from.</summary>
internal sealed record PatchFeatures(float[] Values, int Columns, int[] Labels, int Images, int[] Widths)
{
    public int Rows => Labels.Length;

    /// <summary>The chosen <paramref name="columns"/> of every row, as doubles.</summary>
    public FeatureMatrix Matrix(IReadOnlyList<int> columns)
    {
        var values = new double[Rows * columns.Count];
        for (var r = 0; r < Rows; r++)
        {
            for (var j = 0; j < columns.Count; j++)
            {
                values[(r * columns.Count) + j] = Values[(r * Columns) + columns[j]];
            }
        }

        return new FeatureMatrix(Rows, columns.Count, values);
    }

    public PatchFeatures Concat(PatchFeatures other) =>
        new([.. Values, .. other.Values], Columns, [.. Labels, .. other.Labels], Images + other.Images, Widths);
}

/// <summary>
/// Cuts patches and their views out of images of one size (resized, not yet scaled) and extracts their pooled
/// features: random training patches, and the fixed test patches that score an image.
/// </summary>
internal sealed class DeepFeaturePatches
{
    private readonly IReadOnlyList<Image> _images;
    private readonly float _scale;
    private readonly PatchOptions _patches;
    private readonly IReadOnlyList<(int Top, int Left)> _testOffsets;
    private readonly Generator? _trainDraws;

    /// <summary>Patches of <paramref name="images"/> scored at <paramref name="testOffsets"/>; no training draws.</summary>
    public DeepFeaturePatches(IReadOnlyList<Image> images, float scale, PatchOptions patches, IReadOnlyList<(int Top, int Left)> testOffsets)
    {
        _images = images;
        _scale = scale;
        _patches = patches;
        _testOffsets = testOffsets;
    }

    /// <summary>
    /// Patches of <paramref name="images"/> drawn from <paramref name="seed"/> with the same forks as
    /// <see cref="PatchNetwork"/>: the test positions of a seed are the patch CNN's.
    /// </summary>
    public DeepFeaturePatches(IReadOnlyList<Image> images, float scale, PatchOptions patches, ulong seed)
    {
        _images = images;
        _scale = scale;
        _patches = patches;
        var generator = new Generator(seed);
        var testDraws = generator.Fork();
        _trainDraws = generator.Fork();
        _testOffsets = [.. Enumerable.Range(0, patches.TestPatches).Select(_ => Draw(testDraws))];
    }

    /// <summary>Top-left corners of the patches that score every image.</summary>
    public IReadOnlyList<(int Top, int Left)> TestOffsets => _testOffsets;

    /// <summary>Random patches of <paramref name="indices"/> (per <see cref="PatchOptions.TrainPatches"/> and class balance), each in 1 or 8 views.</summary>
    public PatchFeatures TrainingFeatures(int[] indices, int[] labels, bool dihedral, DeepFeatureNetwork extractor)
    {
        var draws = _trainDraws ?? throw new InvalidOperationException("these patches were given their positions; they draw no training patches");
        var counts = new int[2];
        foreach (var i in indices)
        {
            counts[labels[i]]++;
        }

        var largest = counts.Max();
        int PatchesOf(int label) => _patches.BalanceClasses && counts[label] > 0
            ? Math.Max(1, (int)Math.Round(_patches.TrainPatches * (double)largest / counts[label], MidpointRounding.AwayFromZero))
            : _patches.TrainPatches;

        var cuts = new List<(int Image, int Top, int Left)>();
        foreach (var i in indices)
        {
            for (var k = 0; k < PatchesOf(labels[i]); k++)
            {
                var (top, left) = Draw(draws);
                cuts.Add((i, top, left));
            }
        }

        return Extract(cuts, dihedral ? 8 : 1, labels, indices.Length, extractor);
    }

    /// <summary>The test patches of every image of <paramref name="indices"/>, in order, each in 1 or 8 views.</summary>
    public PatchFeatures ScoringFeatures(int[] indices, bool dihedral, DeepFeatureNetwork extractor) =>
        Extract([.. indices.SelectMany(i => _testOffsets.Select(o => (i, o.Top, o.Left)))], dihedral ? 8 : 1, null, indices.Length, extractor);

    private PatchFeatures Extract(List<(int Image, int Top, int Left)> cuts, int views, int[]? labels, int images, DeepFeatureNetwork extractor)
    {
        var p = _patches.Size;
        var channels = _images[0].Channels;
        var size = channels * p * p;
        // cut j in view v sits at row j·V + v: the views of one patch are adjacent.
        var data = new float[cuts.Count * views * size];
        for (var j = 0; j < cuts.Count; j++)
        {
            var (image, top, left) = cuts[j];
            var source = _images[image];
            var patch = data.AsSpan(j * views * size, size);
            for (var c = 0; c < channels; c++)
            {
                var plane = source.Plane(c);
                for (var y = 0; y < p; y++)
                {
                    var row = patch.Slice(((c * p) + y) * p, p);
                    plane.Slice(((top + y) * source.Width) + left, p).CopyTo(row);
                    for (var x = 0; x < p; x++)
                    {
                        row[x] *= _scale;
                    }
                }
            }

            for (var v = 1; v < views; v++)
            {
                var view = data.AsSpan(((j * views) + v) * size, size);
                patch.CopyTo(view);
                Dihedral.Apply(view, p, p, v);
            }
        }

        var (features, widths) = extractor.Extract(data, cuts.Count * views, channels, p);
        var rowLabels = labels is null ? new int[cuts.Count * views] : [.. cuts.SelectMany(cut => Enumerable.Repeat(labels[cut.Image], views))];
        return new PatchFeatures(features, widths.Sum(), rowLabels, images, widths);
    }

    private (int Top, int Left) Draw(Generator generator)
    {
        var first = _images[0];
        return (generator.NextInt(first.Height - _patches.Size + 1), generator.NextInt(first.Width - _patches.Size + 1));
    }
}
