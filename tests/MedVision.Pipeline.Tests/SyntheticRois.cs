using MedVision.Data;
using MedVision.Imaging;
using MedVision.Tensors;

namespace MedVision.Pipeline.Tests;

/// <summary>
/// 32×32 ROIs with a fixed split (<c>train</c>, <c>val</c>, <c>test</c>), alternating Normal and Tumor; the Tumor class
/// has a coarser, brighter texture everywhere, so every patch carries the label.
/// </summary>
internal static class SyntheticRois
{
    /// <summary>The ROIs: <paramref name="train"/> training images, 8 validation and 10 test images.</summary>
    public static ImageStore Store(int train)
    {
        var samples = new List<Sample>();
        var images = new List<Image>();
        var generator = new Generator(5);
        foreach (var (split, count) in new[] { ("train", train), ("val", 8), ("test", 10) })
        {
            for (var k = 0; k < count; k++)
            {
                var label = k % 2;
                var pixels = new float[32 * 32];
                for (var i = 0; i < pixels.Length; i++)
                {
                    var texture = label == 1 && ((i / 32 / 4) + (i % 32 / 4)) % 2 == 0 ? 70 : 0;
                    pixels[i] = 80 + texture + (60 * generator.NextSingle());
                }

                var id = $"{split}/{(label == 1 ? "Tumor" : "Normal")} ({k}).png";
                samples.Add(new Sample(id, id, label, split));
                images.Add(new Image(1, 32, 32, pixels));
            }
        }

        return ImageStore.FromImages(new Dataset("synthetic-rois", "(generated)", ["Normal", "Tumor"], samples), images);
    }
}
