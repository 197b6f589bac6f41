using MedVision.Classical;
using MedVision.Classical.Manifold;
using MedVision.Imaging;
using MedVision.Nn.Explain;
using MedVision.Pipeline.Experiments;
using MedVision.Reports.Study;
using static MedVision.Reports.Study.StudyReportInput;

namespace MedVision.Pipeline.Reporting;

/// <summary>
/// What the report's explanation sections show, computed from the trained models: Grad-CAM overlays and first-layer
/// filters with feature maps (CNN models only), and a t-SNE map of each model's features of held-out images. Every
/// image shown is a test image of the fold whose network (or fitted scaler) explains it.
/// </summary>
internal static class ExplanationInputs
{
    private const int OverlaysPerClass = 6;
    private const int MaxTsnePoints = 500;

    /// <summary>Grad-CAM overlays and filter views of every model whose every fold has a network, in model order.</summary>
    public static IReadOnlyList<CnnInput> Cnns(ExperimentOutcome outcome)
    {
        var cnns = outcome.Runs.Where(r => r.Folds.All(f => f.Network is not null)).ToList();
        var overlays = cnns.Select(run => GradCam(outcome, run)).ToList();
        var filters = cnns.Select(run => Filters(outcome, run)).ToList();
        return [.. cnns.Select((run, i) => new CnnInput(run.Name, overlays[i], filters[i]))];
    }

    /// <summary>Up to <see cref="OverlaysPerClass"/> test images of each class with the map of the lesion logit (K classes: of the image's own class).</summary>
    private static IReadOnlyList<IReadOnlyList<GalleryImage>> GradCam(ExperimentOutcome outcome, ModelRun run)
    {
        var samples = outcome.Store.Dataset.Samples;
        var byClass = new List<IReadOnlyList<GalleryImage>>();
        for (var label = 0; label < outcome.Store.Dataset.ClassNames.Count; label++)
        {
            var picked = Enumerable.Range(0, run.Evaluated.Length)
                .Where(i => samples[run.Evaluated[i]].Label == label)
                .OrderBy(i => StudyReportInputs.Hash(samples[run.Evaluated[i]].Id))
                .Take(OverlaysPerClass)
                .ToList();
            var overlays = new List<GalleryImage>();
            foreach (var fold in picked.GroupBy(i => run.FoldOf[i]))
            {
                var network = run.Folds[fold.Key].Network!;
                var (input, resized) = network.Prepare([.. fold.Select(i => outcome.Store.Images[run.Evaluated[i]])]);
                // K classes: the map of the images' own class logit.
                var cam = (run.Columns == 1 ? Nn.Explain.GradCam.Compute(network.Model, input)
                    : Nn.Explain.GradCam.Compute(network.Model, input, new GradCamOptions { OutputIndex = label })).Cam;
                var plane = network.InputHeight * network.InputWidth;
                overlays.AddRange(fold.Select((i, k) => new GalleryImage(Overlays.GradCamPng(resized[k], cam.Data.Slice(k * plane, plane)),
                    $"{samples[run.Evaluated[i]].Id} p={Score(run, i, label):0.00}")));
            }

            byClass.Add(overlays);
        }

        return byClass;
    }

    /// <summary>Fold 1's first-layer kernels, and the first and last convolutions' maps of its test image scored most likely to be a lesion.</summary>
    private static FilterInput Filters(ExperimentOutcome outcome, ModelRun run)
    {
        var network = run.Folds[0].Network!;
        var model = network.Model;
        var kernels = ModelLayers.FirstLayerFilters(model);
        int outC = kernels.Size(0), inC = kernels.Size(1), k = kernels.Size(2) * kernels.Size(3);
        var pngs = Enumerable.Range(0, outC)
            .Select(o => Thumbnails.Png(new Image(1, kernels.Size(2), kernels.Size(3), kernels.Data.Slice(o * inC * k, k).ToArray())))
            .ToList();
        int[] shape = [outC, inC, kernels.Size(2), kernels.Size(3)];
        var inFold = Enumerable.Range(0, run.Evaluated.Length).Where(i => run.FoldOf[i] == 0).ToList();
        if (inFold.Count == 0)
        {
            return new FilterInput(ModelLayers.FirstConvolution(model), shape, pngs, null, []);
        }

        var top = inFold.MaxBy(i => Score(run, i));
        var sample = outcome.Store.Dataset.Samples[run.Evaluated[top]];
        var (input, resized) = network.Prepare([outcome.Store.Images[run.Evaluated[top]]]);
        var maps = new List<FeatureMaps>();
        foreach (var layer in new[] { ModelLayers.FirstConvolution(model), ModelLayers.LastConvolution(model) }.Distinct())
        {
            var activations = ModelLayers.Activations(model, input, layer);
            int channels = activations.Size(1), h = activations.Size(2), w = activations.Size(3);
            maps.Add(new FeatureMaps(layer, channels, h, w, [.. Enumerable.Range(0, Math.Min(channels, StudyReport.FeatureMapsShown))
                .Select(c => Thumbnails.Png(new Image(1, h, w, activations.Data.Slice(c * h * w, h * w).ToArray())))]));
        }

        return new FilterInput(ModelLayers.FirstConvolution(model), shape, pngs, new ShownImage(sample.Id, Score(run, top), Thumbnails.Png(resized[0])), maps);
    }

    /// <summary>Binary: the positive-class probability of evaluated case <paramref name="i"/>; K classes: class <paramref name="label"/>'s (null: the most probable class's).</summary>
    private static double Score(ModelRun run, int i, int? label = null)
    {
        if (run.Columns == 1)
        {
            return run.Scores[i];
        }

        var row = run.Scores.AsSpan(i * run.Columns, run.Columns);
        return label is { } c ? row[c] : System.Numerics.Tensors.TensorPrimitives.Max(row);
    }

    /// <summary>Each model's exact t-SNE map of (up to <see cref="MaxTsnePoints"/>) fold-1 test images, or none when fewer than 12 or without features.</summary>
    public static IReadOnlyList<TsneInput> Tsne(ExperimentOutcome outcome)
    {
        var classes = outcome.Store.Dataset.ClassNames;
        var maps = new List<TsneInput>();
        foreach (var run in outcome.Runs)
        {
            var rows = Enumerable.Range(0, run.Evaluated.Length).Where(i => run.FoldOf[i] == 0).Take(MaxTsnePoints).ToArray();
            var features = Features(outcome, run, rows);
            if (features is null || rows.Length < 12)
            {
                maps.Add(new TsneInput(run.Name, null));
                continue;
            }

            var tsne = new Classical.Manifold.Tsne(new TsneOptions { Perplexity = Math.Min(30, (rows.Length - 1) / 3.0) }).FitTransform(features);
            var trust = Trustworthiness.Compute(features, tsne.Embedding);
            var points = new List<TsnePoints>();
            for (var label = 0; label < classes.Count; label++)
            {
                var members = Enumerable.Range(0, rows.Length).Where(r => outcome.Store.Dataset.Samples[run.Evaluated[rows[r]]].Label == label).ToList();
                points.Add(new TsnePoints([.. members.Select(r => tsne.Embedding[r, 0])], [.. members.Select(r => tsne.Embedding[r, 1])]));
            }

            maps.Add(new TsneInput(run.Name, new TsneMap(tsne.KlDivergence, trust, points)));
        }

        return maps;
    }

    // The model's feature vectors of the given positions of run.Evaluated (all from fold 1), or null when it has none.
    private static FeatureMatrix? Features(ExperimentOutcome outcome, ModelRun run, int[] rows)
    {
        var fold = run.Folds[0];
        if (fold.TestFeatures is { } scaled)
        {
            // Fold 1's test rows are in fold.Test order, which is the order of its entries in run.Evaluated.
            return scaled.SelectRows([.. Enumerable.Range(0, rows.Length)]);
        }

        if (fold.Network is not { } network)
        {
            return null;
        }

        var values = new List<double>();
        var columns = 0;
        foreach (var chunk in rows.Chunk(64))
        {
            var (input, _) = network.Prepare([.. chunk.Select(r => outcome.Store.Images[run.Evaluated[r]])]);
            var activations = ModelLayers.Penultimate(network.Model, input);
            columns = activations.Size(1);
            foreach (var v in activations.Data)
            {
                values.Add(v);
            }
        }

        return new FeatureMatrix(rows.Length, columns, [.. values]);
    }
}
