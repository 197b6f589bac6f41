using MedVision.Evaluation;
using MedVision.Reports.Study;
using static MedVision.Reports.Study.StudyReportInput;

namespace MedVision.Reports.Tests;

/// <summary>The study report drawn from hand-built inputs: what goes in is what the page says, and nothing else is computed.</summary>
public class StudyReportTests
{
    private static readonly int[] Labels = [0, 0, 0, 1, 1, 1, 0, 1];
    private static readonly double[] Scores = [0.1, 0.4, 0.6, 0.8, 0.7, 0.3, 0.2, 0.9];

    private static GalleryImage Image(string caption) => new([1, 2, 3], caption);

    private static ModelInput Binary(string name, string kind, LearningCurves? learning = null) => new()
    {
        Name = name,
        Kind = kind,
        Metrics = BinaryMetricEstimates.Compute(Labels, Scores) with { Auc = new MetricEstimate(0.8125, 0.5, 1), Interval = "percentile, 50 stratified resamples, seed 0" },
        FoldAucMean = 0.8,
        FoldAucStd = 0.05,
        Brier = 0.19,
        ExpectedCalibrationError = 0.21,
        TrainSeconds = 1.25,
        ValidationThreshold = new ValidationThresholdInput("best_accuracy", [0.45, 0.55]),
        Curves = new BinaryCurves(CrossValidatedRoc.Compute([(Labels[..4], Scores[..4]), (Labels[4..], Scores[4..])]),
            PrecisionRecallCurve.Compute(Labels, Scores), 0.5, ReliabilityCurve.Compute(Labels, Scores, StudyReport.CalibrationBins, BinStrategy.Uniform)),
        Learning = learning,
        Folds = [new FoldRow(1, 30, 4, 0.75, 0.5, learning?.BestEpoch, 0.5), new FoldRow(2, 30, 4, 0.85, 0.75, learning?.BestEpoch, 0.75)],
        Cases = new BinaryCaseGalleries([Image("case-7 p=0.91 <b>")], [], [Image("case-3 p=0.30")], [], [Image("case-3 p=0.30")]),
    };

    private static StudyReportInput Study(IReadOnlyList<ModelInput> models, IReadOnlyList<string> classes, IReadOnlyList<CnnInput> cnns) => new()
    {
        Dataset = new DatasetInput("phantom", "a hand-made set", classes, 40, 10, new string('a', 64), classes.Count == 2 ? classes[1] : null,
            new Dictionary<string, int[]> { ["all"] = [.. classes.Select((_, i) => 20 - i)] },
            [new FoldCounts(1, [.. classes.Select(_ => 7)], [.. classes.Select(_ => 2)], [.. classes.Select((_, i) => 3 + i)])],
            [.. classes.Select(c => (IReadOnlyList<GalleryImage>)[Image($"{c}-sample")])]),
        Leakage = new LeakageReport
        {
            Samples = 40,
            Clean = false,
            ExactDuplicates = [new DuplicateSet(["a.png", "b.png"], ["train", "test"], ["g1", "g2"], true, "00")],
            NearDuplicates = [],
            GroupsAcrossSplits = [],
            ClassBalance = [],
            DuplicatesAcrossSplits = 1,
            MergedGroupCount = 9,
            Method = "SHA-256 of pixels",
            Warnings = ["one duplicate crosses splits"],
        },
        Protocol = "2-fold grouped cross-validation",
        Models = models,
        Comparisons = models.Count > 1 ? [new ComparisonInput(models[0].Name, models[1].Name, 0.042, -0.1, 0.2, 0.6, 0.0004)] : [],
        Cnns = cnns,
        Tsne = [.. models.Select((m, i) => new TsneInput(m.Name, i == 0
            ? new TsneMap(0.123, 0.876, [.. classes.Select((_, c) => new TsnePoints([c, c + 1, c + 2], [1, 2, 3]))])
            : null))],
        Reproducibility = new ReproducibilityInput("1.2.3", ".NET 10.0.0", "Linux", 7, 2, "medvision demo --out x", "config.yaml",
            "dotnet run --project src/MedVision.Cli -c Release -- demo --config x/config.yaml --threads 2 --out x-rerun", "seed: 7\nmodels:\n- name: seed-cnn\n"),
    };

    private static CnnInput Cnn(string name, int classes) => new(name, [.. Enumerable.Range(0, classes).Select(c => (IReadOnlyList<GalleryImage>)[Image($"cam-{c}"), Image($"cam-{c}b")])],
        new FilterInput("conv1", [4, 1, 3, 3], [[1], [2], [3], [4]], new ShownImage("case-7", 0.91, [5]), [new FeatureMaps("conv1", 4, 8, 8, [[1], [2], [3], [4]]), new FeatureMaps("conv3", 32, 2, 2, [[1]])]));

    private static string? SectionOf(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        return start < 0 ? null : html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;

    [Fact]
    public void HandBuiltBinaryStudy_ShowsWhatItWasGiven()
    {
        var learning = new LearningCurves([0.9, 0.6, 0.5], [1.0, 0.7, 0.8], [0.5, 0.7, 0.8], [0.5, 0.6, 0.55], 2, 2, null);
        var study = Study([Binary("seed-cnn", "cnn", learning), Binary("wavelet-rf", "features")], ["normal", "lesion"], [Cnn("seed-cnn", 2)]);
        var report = StudyReport.Render(study);
        var html = report.ToHtml();

        Assert.Contains("<title>MedVision study: phantom</title>", html, StringComparison.Ordinal);
        foreach (var id in StudyReport.SectionIds)
        {
            Assert.True(SectionOf(html, id) is not null, $"section {id} missing");
        }

        var dataset = SectionOf(html, "dataset")!;
        Assert.Contains("40 images from a hand-made set, 10 groups, classes: 0 = normal, 1 = lesion. Pixel content SHA-256 aaaaaaaaaaaaaaaa…", dataset, StringComparison.Ordinal);
        Assert.Contains("Positive class: lesion.", dataset, StringComparison.Ordinal);
        Assert.Contains("<tr><td>all</td><td>20</td><td>19</td><td>39</td></tr>", dataset, StringComparison.Ordinal);
        Assert.Contains("<tr><td>1</td><td>7 / 7</td><td>2 / 2</td><td>3 / 4</td></tr>", dataset, StringComparison.Ordinal);
        Assert.Contains("Random samples of class lesion", dataset, StringComparison.Ordinal);

        var leakage = SectionOf(html, "leakage")!;
        Assert.Contains("Method: SHA-256 of pixels. 1 sets of byte-identical images", leakage, StringComparison.Ordinal);
        Assert.Contains("<td>a.png, b.png</td><td>g1, g2</td><td>yes</td>", leakage, StringComparison.Ordinal);
        Assert.Contains("Warning: one duplicate crosses splits", leakage, StringComparison.Ordinal);

        var models = SectionOf(html, "models")!;
        Assert.Contains("Protocol: 2-fold grouped cross-validation. Metrics pool every held-out prediction; intervals from percentile, 50 stratified resamples, seed 0.", models, StringComparison.Ordinal);
        Assert.Contains("<tr><td>wavelet-rf</td><td>features</td><td>0.813 (0.500–1.000)</td>", models, StringComparison.Ordinal);
        Assert.Contains("the threshold its best accuracy rule chose on that fold&#39;s validation images (0.450, 0.550; mean 0.500)", models, StringComparison.Ordinal);
        Assert.Contains("Confusion matrix, wavelet-rf, per-fold best_accuracy thresholds (mean 0.500)", models, StringComparison.Ordinal);
        Assert.Contains("best epoch 2</text>", models, StringComparison.Ordinal);
        Assert.Contains("Loss per epoch, seed-cnn, fold 1 of 2", models, StringComparison.Ordinal);
        Assert.DoesNotContain("Loss per epoch, wavelet-rf", models, StringComparison.Ordinal);
        Assert.DoesNotContain(StudyReport.ZeroWidthMark, models, StringComparison.Ordinal);

        var cases = SectionOf(html, "galleries")!;
        Assert.Contains("alt=\"case-7 p=0.91 &lt;b&gt;\"", cases, StringComparison.Ordinal);
        Assert.Equal(2 * 5, CountOf(cases, "gallery-title"));
        Assert.Equal(2 * 2, CountOf(cases, "class=\"empty\""));

        var gradcam = SectionOf(html, "gradcam")!;
        Assert.Contains("Class lesion", gradcam, StringComparison.Ordinal);
        Assert.Equal(4, CountOf(gradcam, "<img "));

        var filters = SectionOf(html, "filters")!;
        Assert.Contains("First-layer filters (conv1: 4 × 1 × 3 × 3)".Replace("×", "&#215;", StringComparison.Ordinal), filters, StringComparison.Ordinal);
        Assert.Contains("Input: case-7 (p=0.91)", filters, StringComparison.Ordinal);
        Assert.Contains("Feature maps of conv3 (32 &#215; 2 &#215; 2)", filters, StringComparison.Ordinal);
        Assert.Equal(4 + 1 + 4 + 1, CountOf(filters, "<img "));

        var tsne = SectionOf(html, "tsne")!;
        Assert.Contains("t-SNE, seed-cnn, fold 1 test images (KL 0.12, trust. 0.88)", tsne, StringComparison.Ordinal);
        Assert.Contains("wavelet-rf: too few test images or no features for a t-SNE map.", tsne, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(tsne, "<svg"));

        var comparison = SectionOf(html, "comparison")!;
        Assert.Contains("<tr><td>seed-cnn</td><td>wavelet-rf</td><td>+0.042</td><td>-0.100 – 0.200</td><td>0.600</td><td>&lt; 0.001</td></tr>", comparison, StringComparison.Ordinal);

        var reproducibility = SectionOf(html, "reproducibility")!;
        Assert.Contains("MedVision 1.2.3 on .NET 10.0.0, Linux; seed 7, 2 threads.", reproducibility, StringComparison.Ordinal);
        Assert.Contains("<pre>dotnet run --project src/MedVision.Cli -c Release -- demo --config x/config.yaml --threads 2 --out x-rerun</pre>", reproducibility, StringComparison.Ordinal);
        Assert.Contains("<pre>seed: 7\nmodels:\n- name: seed-cnn\n</pre>", reproducibility, StringComparison.Ordinal);

        Assert.Equal(
            ["roc-seed-cnn", "pr-seed-cnn", "calibration-seed-cnn", "confusion-seed-cnn", "loss-seed-cnn-fold1", "accuracy-seed-cnn-fold1",
                "roc-wavelet-rf", "pr-wavelet-rf", "calibration-wavelet-rf", "confusion-wavelet-rf", "tsne-seed-cnn-fold1"],
            report.FigureList.Select(f => f.Name));
    }

    [Fact]
    public void StudyWithoutCnns_LeavesOutTheCnnSections()
    {
        var html = StudyReport.Build(Study([Binary("wavelet-rf", "features")], ["normal", "lesion"], []));
        Assert.All(StudyReport.CnnSectionIds, id => Assert.Null(SectionOf(html, id)));
        Assert.Contains("One model only: nothing to compare.", SectionOf(html, "comparison")!, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroWidthInterval_IsMarkedAndExplained()
    {
        var model = Binary("stats-lr", "features");
        model = model with { Metrics = model.Metrics! with { Accuracy = new MetricEstimate(1, 1, 1) } };
        var table = StudyReport.MetricTable([model]);
        Assert.Equal("1.000 (1.000–1.000)" + StudyReport.ZeroWidthMark, table.Rows[0][3]);
        Assert.Contains(StudyReport.ZeroWidthNote, StudyReport.Build(Study([model], ["a", "b"], [])), StringComparison.Ordinal);
    }

    [Fact]
    public void ThreeClassStudy_HasPerClassRowsAndCurves()
    {
        string[] classes = ["benign", "malignant", "normal"];
        int[] y = [0, 1, 2, 0, 1, 2];
        double[] p = [.7, .2, .1, .1, .8, .1, .2, .2, .6, .5, .4, .1, .3, .3, .4, .1, .1, .8];
        var metrics = MulticlassMetricEstimates.Compute(y, p, classes);
        var model = new ModelInput
        {
            Name = "wavelet-rf",
            Kind = "features",
            MulticlassMetrics = metrics,
            FoldAucMean = 0.9,
            FoldAucStd = 0.01,
            Brier = 0.3,
            ExpectedCalibrationError = 0.2,
            TrainSeconds = 0.5,
            Curves = new MulticlassCurves([new ClassRoc(2, RocCurve.Compute([0, 0, 1, 0, 0, 1], [.1, .1, .6, .1, .4, .8]))], ReliabilityCurve.Compute([1, 1, 1, 0, 0, 1], [.7, .8, .6, .5, .4, .8])),
            Folds = [new FoldRow(1, 3, 3, 0.9, 0.67, null, 0.1)],
            Cases = new MulticlassCaseGalleries([Image("x benign→benign p=0.70")], [Image("y malignant→normal p=0.40")], []),
        };
        var report = StudyReport.Render(Study([model], classes, [Cnn("seed-cnn", 3)]));
        var html = report.ToHtml();

        var table = StudyReport.MetricTable([model]);
        Assert.Equal(["wavelet-rf", "wavelet-rf / benign", "wavelet-rf / malignant", "wavelet-rf / normal"], table.Rows.Select(r => r[0]));
        Assert.DoesNotContain("Positive class", html, StringComparison.Ordinal);
        Assert.Contains("Three or more classes: the decision is the most probable class", html, StringComparison.Ordinal);
        Assert.Contains("normal (AUC 1.000)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("benign (AUC", html, StringComparison.Ordinal);
        Assert.Contains("Confusion matrix, wavelet-rf (most probable class)", html, StringComparison.Ordinal);
        Assert.Contains("Errors (most confident)", SectionOf(html, "galleries")!, StringComparison.Ordinal);
        Assert.Contains("Three or more classes: each map is of the logit of the image&#39;s own class", SectionOf(html, "gradcam")!, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(SectionOf(html, "gradcam")!, "gallery-title"));
        Assert.Equal(["roc-wavelet-rf", "confusion-wavelet-rf", "calibration-wavelet-rf", "tsne-wavelet-rf-fold1"], report.FigureList.Select(f => f.Name));
    }

    [Fact]
    public void ModelWithoutMetrics_IsAnArgumentErrorNamingIt()
    {
        var model = Binary("broken", "features") with { Metrics = null };
        var error = Assert.Throws<ArgumentException>(() => StudyReport.MetricTable([model]));
        Assert.Contains("model broken has neither binary nor multi-class metrics", error.Message, StringComparison.Ordinal);
    }
}
