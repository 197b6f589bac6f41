using MedVision.Pipeline.Bundles;

namespace MedVision.Web;

/// <summary>
/// The bundles the service scores with, loaded (and checked) once at start: every sub-folder of the models folder
/// that holds a <c>model.json</c>, or the folder itself when it is one bundle. A model is named by its folder.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelBundle> _bundles;

    private ModelCatalog(Dictionary<string, ModelBundle> bundles) => _bundles = bundles;

    /// <summary>Model names in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _bundles.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Loads every bundle under <paramref name="folder"/>. A missing folder, a folder without bundles or a bundle that
    /// does not load is a <see cref="ServeOptionsException"/> naming it (a service that silently drops a model would
    /// answer for another one).
    /// </summary>
    public static ModelCatalog Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new ServeOptionsException($"--models '{folder}' is not a folder");
        }

        var folders = File.Exists(Path.Combine(folder, ModelBundle.ManifestFile))
            ? [folder]
            : Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, ModelBundle.ManifestFile))).Order(StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
        {
            throw new ServeOptionsException($"--models '{folder}' holds no model bundle (no {ModelBundle.ManifestFile} in it or in its sub-folders; " +
                "an experiment writes them to runs/<study>/models/)");
        }

        var bundles = new Dictionary<string, ModelBundle>(StringComparer.Ordinal);
        foreach (var bundleFolder in folders)
        {
            try
            {
                bundles[Path.GetFileName(Path.GetFullPath(bundleFolder).TrimEnd(Path.DirectorySeparatorChar))] = ModelBundle.Load(bundleFolder);
            }
            catch (FormatException e)
            {
                throw new ServeOptionsException($"--models: the bundle in '{bundleFolder}' does not load: {e.Message}");
            }
        }

        return new ModelCatalog(bundles);
    }

    /// <summary>The bundle named <paramref name="name"/>; an <see cref="UploadException"/> (404) listing the names when there is none.</summary>
    public ModelBundle Get(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            if (_bundles.Count == 1)
            {
                return _bundles.Values.Single();
            }

            throw new UploadException(400, "Model not given", $"?model= must name one of: {string.Join(", ", Names)}");
        }

        return _bundles.TryGetValue(name, out var bundle) ? bundle
            : throw new UploadException(404, "Unknown model", $"no model '{Truncate(name)}'; models: {string.Join(", ", Names)}");
    }

    /// <summary>The card of every model, in name order.</summary>
    public IReadOnlyList<ModelCard> Cards() => [.. Names.Select(n => Card(n, _bundles[n]))];

    private static ModelCard Card(string name, ModelBundle bundle)
    {
        var m = bundle.Manifest;
        return new ModelCard(
            name,
            m.Kind,
            m.Architecture ?? m.Features?.Extractor,
            m.ClassNames,
            bundle.IsMulticlass ? null : m.ClassNames[1],
            bundle.IsMulticlass ? null : m.Threshold,
            m.Calibration is not null,
            bundle.CanExplain,
            m.Input,
            new ModelTraining(m.Training.Model, m.Training.TrainSamples, m.Training.ValidationSamples, m.Seed, m.MedvisionVersion),
            m.Metrics);
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
