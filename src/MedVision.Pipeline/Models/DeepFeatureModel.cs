using MedVision.Classical;
using MedVision.Imaging;
using MedVision.Nn.Patches;

namespace MedVision.Pipeline.Models;

/// <summary>
/// A fitted deep-feature model (<see cref="DeepFeatureRecipe"/>): the frozen network pooling the chosen layers, the
/// fitted scaler → classifier on their features, and how an image is scored — the vote of the patches at
/// <see cref="TestOffsets"/>, each patch counting with the mean probability of its views. This is what a
/// <c>deep-features</c> bundle stores and what scores the experiment's test images.
/// </summary>
public sealed class DeepFeatureModel
{
    /// <summary>The extractor name a bundle's <c>features</c> object gives a deep-feature model's pooled layers.</summary>
    public const string ExtractorName = "pooled-layers";

    /// <param name="architecture">Zoo name of the network (<c>resnet18-imagenet</c>).</param>
    /// <param name="input">How a stored image becomes the network's input: its size (the patches are cut from it) and scale.</param>
    /// <param name="extractor">The frozen network pooling exactly the layers <paramref name="pipeline"/> was fitted on, in order.</param>
    /// <param name="pipeline">The fitted scaler → classifier on the pooled features (labels 0 and 1).</param>
    /// <param name="patches">Patch size, vote and test-time views (<see cref="PatchOptions.TestPatches"/> = the number of offsets).</param>
    /// <param name="testOffsets">Top-left corners of the patches that score every image.</param>
    public DeepFeatureModel(string architecture, InputSpec input, DeepFeatureNetwork extractor, IFittedClassifier pipeline, PatchOptions patches,
        IReadOnlyList<(int Top, int Left)> testOffsets)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentNullException.ThrowIfNull(testOffsets);
        if (input.Height is not { } height || input.Width is not { } width)
        {
            throw new ArgumentException("a deep-feature model needs its input height and width", nameof(input));
        }

        if (testOffsets.Count == 0 || testOffsets.Any(o => o.Top < 0 || o.Left < 0 || o.Top > height - patches.Size || o.Left > width - patches.Size))
        {
            throw new ArgumentException($"expected one or more {patches.Size}×{patches.Size} patch positions inside the {height}×{width} image", nameof(testOffsets));
        }

        Architecture = architecture;
        Input = input;
        Extractor = extractor;
        Pipeline = pipeline;
        Patches = patches with { TestPatches = testOffsets.Count };
        TestOffsets = [.. testOffsets];
    }

    public string Architecture { get; }

    public InputSpec Input { get; }

    public DeepFeatureNetwork Extractor { get; }

    public IFittedClassifier Pipeline { get; }

    public PatchOptions Patches { get; }

    public IReadOnlyList<(int Top, int Left)> TestOffsets { get; }

    /// <summary>The classifier's inverse regularisation strength chosen on validation; NaN when the classifier kept its own.</summary>
    public double C { get; init; } = double.NaN;

    /// <summary>
    /// The score (probability of label 1, by the vote) of each image, already resized to <see cref="Input"/>'s size
    /// and not yet scaled (as <see cref="InputSpec.Resize"/> gives them).
    /// </summary>
    public double[] Score(IReadOnlyList<Image> resized)
    {
        ArgumentNullException.ThrowIfNull(resized);
        if (resized.Count == 0)
        {
            return [];
        }

        var cutter = new DeepFeaturePatches(resized, Input.Scale, Patches, TestOffsets);
        var rows = cutter.ScoringFeatures([.. Enumerable.Range(0, resized.Count)], Patches.DihedralTestAugment, Extractor);
        return Vote(Pipeline, rows.Matrix([.. Enumerable.Range(0, rows.Columns)]), rows.Images, Patches);
    }

    /// <summary>
    /// One score per image of <paramref name="x"/>'s rows (image i's patch k in view v at row (i·patches + k)·views + v):
    /// each patch's probability is the mean over its views, and the patches are combined by <see cref="PatchOptions.Vote"/>.
    /// </summary>
    internal static double[] Vote(IFittedClassifier model, FeatureMatrix x, int images, PatchOptions patches)
    {
        var probabilities = model.PredictProba(x);
        var positive = model.Classes.ToList().IndexOf(1);
        var perImage = x.Rows / Math.Max(1, images);
        var views = perImage / patches.TestPatches;
        var scores = new double[images];
        var logits = new float[patches.TestPatches];
        for (var i = 0; i < images; i++)
        {
            for (var k = 0; k < patches.TestPatches; k++)
            {
                var p = 0.0;
                for (var v = 0; v < views; v++)
                {
                    p += positive < 0 ? 0 : probabilities[(((i * patches.TestPatches) + k) * views) + v, positive];
                }

                p = Math.Clamp(p / views, 1e-7, 1 - 1e-7);
                logits[k] = (float)Math.Log(p / (1 - p));
            }

            scores[i] = PatchNetwork.Score(logits, patches.Vote);
        }

        return scores;
    }
}
