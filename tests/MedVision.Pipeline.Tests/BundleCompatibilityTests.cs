using System.Text.Json;
using MedVision.Data.Synthetic;
using MedVision.Pipeline.Bundles;
using MedVision.Testing;

namespace MedVision.Pipeline.Tests;

/// <summary>
/// Bundles written by MedVision 0.1.0 (format version 1, <c>tests/fixtures/pipeline/bundles</c>) must keep loading and
/// giving the scores they gave when written: the format may grow, never change under existing files.
/// </summary>
public sealed class BundleCompatibilityTests
{
    public static TheoryData<string> Bundles() => ["patch-cnn", "stats-lr"];

    [Theory]
    [MemberData(nameof(Bundles))]
    public void Version1Bundle_LoadsAndScoresAsWhenItWasWritten(string name)
    {
        var folder = RepoPaths.Fixture("pipeline", "bundles", $"v1-{name}");
        var expected = JsonSerializer.Deserialize<Dictionary<string, double[]>>(File.ReadAllText(RepoPaths.Fixture("pipeline", "bundles", "expected_scores.json")))![name];
        var images = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 4, Seed = 7 }).Select(g => g.Image).ToList();

        var bundle = ModelBundle.Load(folder);

        Assert.Equal("median:3", bundle.Manifest.Input.Preprocess);
        var scores = bundle.PredictProba(images);
        Assert.Equal(expected.Length, scores.Length);
        // Within float32 rounding: the kernels may round differently over time (batch norm's fused multiply-add), the
        // format and the model it holds may not change.
        for (var i = 0; i < scores.Length; i++)
        {
            Assert.Equal(expected[i], scores[i], 1e-6);
        }

        // Saving it again writes the same manifest, so a reader of version 1 still reads it.
        Assert.Equal(File.ReadAllText(Path.Combine(folder, ModelBundle.ManifestFile)), bundle.Manifest.ToJson());
    }
}
