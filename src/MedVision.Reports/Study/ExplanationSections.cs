using MedVision.Reports.Html;
using MedVision.Reports.Svg;
using static MedVision.Reports.Study.StudyReportInput;

namespace MedVision.Reports.Study;

/// <summary>
/// The report sections that look inside the models: Grad-CAM overlays and first-layer filters with feature maps
/// (CNN models only), and a t-SNE map of each model's features of held-out images. Every image shown is a test
/// image of the fold whose network (or fitted scaler) explains it.
/// </summary>
internal static class ExplanationSections
{
    public static void GradCam(HtmlReport report, IReadOnlyList<CnnInput> cnns, IReadOnlyList<string> classes)
    {
        report.Section("gradcam", "Grad-CAM");
        report.Paragraph("Where each network looked: gradient-weighted class activation maps (Selvaraju et al. 2017) of the lesion logit at the last convolution, " +
            "in jet colours (red = most evidence) over the network's input. Each image is a test image of the fold whose network explains it.");
        if (classes.Count > 2)
        {
            report.Paragraph("Three or more classes: each map is of the logit of the image's own class, and p is that class's probability.");
        }

        foreach (var cnn in cnns)
        {
            report.Section($"gradcam-{cnn.Model}", cnn.Model, level: 3);
            for (var label = 0; label < classes.Count; label++)
            {
                report.Gallery($"Class {classes[label]}", StudyReport.Thumbs(cnn.GradCamByClass[label]), size: 96);
            }
        }
    }

    public static void Filters(HtmlReport report, IReadOnlyList<CnnInput> cnns, IReadOnlyList<string> classes)
    {
        report.Section("filters", "Filters and feature maps");
        report.Paragraph("The first convolution's kernels (fold 1; input channel 1, each stretched to its own range), and what the first and last convolutions " +
            $"produce for the fold-1 test image scored most likely to be a lesion (first {StudyReport.FeatureMapsShown} channels, each stretched).");
        if (classes.Count > 2)
        {
            report.Paragraph("Three or more classes: the image shown is the fold-1 test image whose most probable class is the most probable, and p is that probability.");
        }

        foreach (var cnn in cnns)
        {
            var f = cnn.Filters;
            report.Section($"filters-{cnn.Model}", cnn.Model, level: 3);
            report.Gallery($"First-layer filters ({f.FirstLayer}: {string.Join(" × ", f.KernelShape)})", Numbered(f.Kernels), size: 36);
            if (f.Input is not { } input)
            {
                continue;
            }

            report.Gallery($"Input: {input.Id} (p={input.Score:0.00})", [(input.Png, input.Id)], size: 96);
            foreach (var maps in f.Maps)
            {
                report.Gallery($"Feature maps of {maps.Layer} ({maps.Channels} × {maps.Height} × {maps.Width})", Numbered(maps.Pngs), size: 64);
            }
        }
    }

    public static void Tsne(HtmlReport report, IReadOnlyList<TsneInput> maps, IReadOnlyList<string> classes)
    {
        report.Section("tsne", "t-SNE of features");
        report.Paragraph("Each model's view of the fold-1 test images, embedded in two dimensions by exact t-SNE (scikit-learn's method, PCA initialisation): " +
            "CNNs by their penultimate-layer activations, feature pipelines by their scaled feature vectors. Trustworthiness (5 neighbours) says how well the map keeps neighbourhoods (1 = perfectly).");
        var charts = new List<Figure>();
        foreach (var (model, map) in maps)
        {
            if (map is null)
            {
                report.Paragraph($"{model}: too few test images or no features for a t-SNE map.");
                continue;
            }

            var chart = new LineChart($"t-SNE, {model}, fold 1 test images (KL {map.KlDivergence:0.00}, trust. {map.Trustworthiness:0.00})", "t-SNE 1", "t-SNE 2");
            for (var label = 0; label < classes.Count; label++)
            {
                chart.Add(new Series(classes[label], map.Classes[label].X, map.Classes[label].Y, Width: 3, Markers: true));
            }

            charts.Add(new Figure($"tsne-{Figure.Slug(model)}-fold1", chart.ToSvg()));
        }

        report.Figures([.. charts]);
    }

    // Images captioned 1, 2, … in order.
    private static IEnumerable<(byte[], string)> Numbered(IReadOnlyList<byte[]> pngs) => pngs.Select((png, i) => (png, $"{i + 1}"));
}
