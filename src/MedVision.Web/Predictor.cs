using MedVision.Imaging.Io;
using MedVision.Pipeline.Reporting;

namespace MedVision.Web;

/// <summary>
/// Decodes an upload and scores it. Decoding runs on the request's thread; scoring and Grad-CAM pass one at a time
/// through a gate, because a network's forward and backward passes share its modules' buffers and gradients (the
/// kernels use every core on their own, so one prediction at a time loses no throughput).
/// </summary>
public sealed class Predictor(ModelCatalog catalog, ReadOptions budget) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Scores <paramref name="upload"/> with the model <paramref name="model"/> (may be null when only one is served).</summary>
    public async Task<Prediction> PredictAsync(string? model, byte[] upload, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var bundle = catalog.Get(model);
        var name = model is { Length: > 0 } ? model : catalog.Names[0];
        var (format, image) = UploadDecoder.Decode(upload, budget);
        double[] scores;
        float[]? cam = null;
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            scores = bundle.PredictProba([image]);
            if (bundle.CanExplain)
            {
                cam = bundle.GradCam(image);
            }
        }
        finally
        {
            _gate.Release();
        }

        var classes = bundle.Manifest.ClassNames;
        var overlay = cam is null ? null : Convert.ToBase64String(Overlays.GradCamPng(image.ToGray(), cam));
        if (bundle.IsMulticlass)
        {
            var calibrated = bundle.Calibrated(scores);
            return new Prediction(name, format, image.Width, image.Height, null, bundle.Label(scores), null, null,
                classes.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => scores[p.k], StringComparer.Ordinal), overlay)
            {
                CalibratedProbabilities = classes.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => calibrated[p.k], StringComparer.Ordinal),
            };
        }

        var score = scores[0];
        return new Prediction(name, format, image.Width, image.Height, score, bundle.Label(score), bundle.Manifest.Threshold, bundle.Calibrated(score),
            new Dictionary<string, double>(StringComparer.Ordinal) { [classes[0]] = 1 - score, [classes[1]] = score }, overlay);
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
