using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
using MedVision.Imaging.Features;
using MedVision.Imaging.Wavelets;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Models;

namespace MedVision.Pipeline.Bundles;

/// <summary>
/// A feature extractor as <c>model.json</c> records it: its name (a key of <see cref="ModelCatalog.FeatureExtractors"/>)
/// and the settings the experiment gave it. Wavelet features carry their resolved options (family, level, kept detail
/// levels, approximation, boundary mode); the other extractors are built with the catalog's defaults and carry none.
/// </summary>
internal static class FeatureExtractorState
{
    public static JsonObject Settings(IImageFeatureExtractor extractor) => extractor switch
    {
        WaveletFeatures w => new JsonObject
        {
            ["wavelet"] = w.Options.Wavelet,
            ["level"] = w.Options.Level,
            ["first_detail_level"] = w.Options.FirstDetailLevel,
            ["last_detail_level"] = w.Options.LastDetailLevel,
            ["include_approximation"] = w.Options.IncludeApproximation,
            ["mode"] = w.Options.Mode.ToString().ToLowerInvariant(),
        },
        _ => [],
    };

    /// <summary>Rebuilds the extractor of <paramref name="spec"/>; throws <see cref="BundleFormatException"/> naming the field.</summary>
    public static IImageFeatureExtractor Create(FeatureSpec spec, string file)
    {
        if (!ModelCatalog.FeatureExtractors.TryGetValue(spec.Extractor, out var make))
        {
            throw new BundleFormatException(file, "features.extractor",
                $"unknown feature extractor '{spec.Extractor}'; known: {string.Join(", ", ModelCatalog.FeatureExtractors.Keys)}");
        }

        if (spec.Extractor != "wavelet")
        {
            return make(new ModelConfig { Name = spec.Extractor });
        }

        try
        {
            var s = StateReader.Root(spec.Settings, file, "features.settings");
            var modeName = s.String("mode");
            if (!Enum.TryParse<WaveletMode>(modeName, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
            {
                throw s.Error("mode", $"expected one of {string.Join(", ", Enum.GetNames<WaveletMode>().Select(n => n.ToLowerInvariant()))}, got '{modeName}'");
            }

            var options = new WaveletFeatureOptions
            {
                Wavelet = s.String("wavelet"),
                Level = s.Int("level", min: 1),
                FirstDetailLevel = s.Int("first_detail_level", min: 1),
                LastDetailLevel = s.Int("last_detail_level", min: 1),
                IncludeApproximation = s.Bool("include_approximation"),
                Mode = mode,
            };
            return new WaveletFeatures(options);
        }
        catch (EstimatorFormatException e)
        {
            throw new BundleFormatException(file, e.Field, e.Detail, e);
        }
        catch (ArgumentException e)
        {
            throw new BundleFormatException(file, "features.settings", e.Message, e);
        }
    }
}
