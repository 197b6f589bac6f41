using MedVision.Classical;
using MedVision.Classical.Manifold;
using MedVision.Imaging;
using MedVision.Nn.Explain;
using MedVision.Pipeline.Experiments;
using MedVision.Reports.Html;
using MedVision.Reports.Svg;

namespace MedVision.Pipeline.Reporting;

/// <summary>
/// The report sections that look inside the models: Grad-CAM overlays and first-layer filters with feature maps
/// (CNN models only), and a t-SNE map of each model's features of held-out images. Every image shown is a test
/// image of the fold whose network (or fitted scaler) explains it.
/// </summary>
internal static class ExplanationSections
{
    private const int OverlaysPerClass = 6;
    private const int MapsShown = 16;
    private const int MaxTsnePoints = 500;

    public static void GradCam(HtmlReport report, ExperimentOutcome outcome, IReadOnlyList<ModelRun> cnns)
    {
        report.Section("gradcam", "Grad-CAM");
        report.Paragraph("Where each network looked: gradient-weighted class activation maps (Selvaraju et al. 2017) of the lesion logit at the last convolution, " +
            "in jet colours (red = most evidence) over the network's input. Each image is a test image of the fold whose network explains it.");
        var classes = outcome.Store.Dataset.ClassNames;
        if (classes.Count > 2)
        {
            report.Paragraph("Three or more classes: each map is of the logit of the image's own class, and p is that class's probability.");
        }

        foreach (var run in cnns)
        {
            report.Section($"gradcam-{run.Name}", run.Name, level: 3);
            for (var label = 0; label < classes.Count; label++)
            {
                var picked = Enumerable.Range(0, run.Evaluated.Length)
                    .Where(i => outcome.Store.Dataset.Samples[run.Evaluated[i]].Label == label)
                    .OrderBy(i => StudyReport.Hash(outcome.Store.Dataset.Samples[run.Evaluated[i]].Id))
                    .Take(OverlaysPerClass)
                    .ToList();
                var overlays = new List<(byte[], string)>();
                foreach (var fold in picked.GroupBy(i => run.FoldOf[i]))
                {
                    var network = run.Folds[fold.Key].Network!;
                    var (input, resized) = network.Prepare([.. fold.Select(i => outcome.Store.Images[run.Evaluated[i]])]);
                    // K classes: the map of the images' own class logit.
                    var cam = (run.Columns == 1 ? Nn.Explain.GradCam.Compute(network.Model, input)
                        : Nn.Explain.GradCam.Compute(network.Model, input, new GradCamOptions { OutputIndex = label })).Cam;
                    var plane = network.InputHeight * network.InputWidth;
                    overlays.AddRange(fold.Select((i, k) => (Overlays.GradCamPng(resized[k], cam.Data.Slice(k * plane, plane)),
                        $"{outcome.Store.Dataset.Samples[run.Evaluated[i]].Id} p={Score(run, i, label):0.00}")));
                }

                report.Gallery($"Class {classes[label]}", overlays, size: 96);
            }
        }
    }

    public static void Filters(HtmlReport report, ExperimentOutcome outcome, IReadOnlyList<ModelRun> cnns)
    {
        report.Section("filters", "Filters and feature maps");
        report.Paragraph("The first convolution's kernels (fold 1; input channel 1, each stretched to its own range), and what the first and last convolutions " +
            $"produce for the fold-1 test image scored most likely to be a lesion (first {MapsShown} channels, each stretched).");
        if (outcome.Store.Dataset.ClassNames.Count > 2)
        {
            report.Paragraph("Three or more classes: the image shown is the fold-1 test image whose most probable class is the most probable, and p is that probability.");
        }

        foreach (var run in cnns)
        {
            var network = run.Folds[0].Network!;
            var model = network.Model;
            report.Section($"filters-{run.Name}", run.Name, level: 3);
            var kernels = ModelLayers.FirstLayerFilters(model);
            int outC = kernels.Size(0), inC = kernels.Size(1), k = kernels.Size(2) * kernels.Size(3);
            report.Gallery($"First-layer filters ({ModelLayers.FirstConvolution(model)}: {outC} × {inC} × {kernels.Size(2)} × {kernels.Size(3)})",
                Enumerable.Range(0, outC).Select(o => (Thumbnails.Png(new Image(1, kernels.Size(2), kernels.Size(3), kernels.Data.Slice(o * inC * k, k).ToArray())), $"{o + 1}")),
                size: 36);

            var inFold = Enumerable.Range(0, run.Evaluated.Length).Where(i => run.FoldOf[i] == 0).ToList();
            if (inFold.Count == 0)
            {
                continue;
            }

            var top = inFold.MaxBy(i => Score(run, i));
            var sample = outcome.Store.Dataset.Samples[run.Evaluated[top]];
            var (input, resized) = network.Prepare([outcome.Store.Images[run.Evaluated[top]]]);
            report.Gallery($"Input: {sample.Id} (p={Score(run, top):0.00})", [(Thumbnails.Png(resized[0]), sample.Id)], size: 96);
            foreach (var layer in new[] { ModelLayers.FirstConvolution(model), ModelLayers.LastConvolution(model) }.Distinct())
            {
                var maps = ModelLayers.Activations(model, input, layer);
                int channels = maps.Size(1), h = maps.Size(2), w = maps.Size(3);
                report.Gallery($"Feature maps of {layer} ({channels} × {h} × {w})",
                    Enumerable.Range(0, Math.Min(channels, MapsShown)).Select(c => (Thumbnails.Png(new Image(1, h, w, maps.Data.Slice(c * h * w, h * w).ToArray())), $"{c + 1}")),
                    size: 64);
            }
        }
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

    public static void Tsne(HtmlReport report, ExperimentOutcome outcome)
    {
        report.Section("tsne", "t-SNE of features");
        report.Paragraph("Each model's view of the fold-1 test images, embedded in two dimensions by exact t-SNE (scikit-learn's method, PCA initialisation): " +
            "CNNs by their penultimate-layer activations, feature pipelines by their scaled feature vectors. Trustworthiness (5 neighbours) says how well the map keeps neighbourhoods (1 = perfectly).");
        var classes = outcome.Store.Dataset.ClassNames;
        var charts = new List<Figure>();
        foreach (var run in outcome.Runs)
        {
            var rows = Enumerable.Range(0, run.Evaluated.Length).Where(i => run.FoldOf[i] == 0).Take(MaxTsnePoints).ToArray();
            var features = Features(outcome, run, rows);
            if (features is null || rows.Length < 12)
            {
                report.Paragraph($"{run.Name}: too few test images or no features for a t-SNE map.");
                continue;
            }

            var tsne = new Classical.Manifold.Tsne(new TsneOptions { Perplexity = Math.Min(30, (rows.Length - 1) / 3.0) }).FitTransform(features);
            var trust = Trustworthiness.Compute(features, tsne.Embedding);
            var chart = new LineChart($"t-SNE, {run.Name}, fold 1 test images (KL {tsne.KlDivergence:0.00}, trust. {trust:0.00})", "t-SNE 1", "t-SNE 2");
            for (var label = 0; label < classes.Count; label++)
            {
                var members = Enumerable.Range(0, rows.Length).Where(r => outcome.Store.Dataset.Samples[run.Evaluated[rows[r]]].Label == label).ToList();
                chart.Add(new Series(classes[label], [.. members.Select(r => tsne.Embedding[r, 0])], [.. members.Select(r => tsne.Embedding[r, 1])], Width: 3, Markers: true));
            }

            charts.Add(new Figure($"tsne-{Figure.Slug(run.Name)}-fold1", chart.ToSvg()));
        }

        report.Figures([.. charts]);
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
