using MedVision.Evaluation;

namespace MedVision.Reports.Study;

/// <summary>
/// Everything <see cref="StudyReport"/> shows, already computed: the numbers of results.json, the curves behind the
/// charts, and the images of the galleries as encoded PNG. The renderer computes nothing from images or models; what
/// goes in is what the page says. Lists of per-class values follow <see cref="DatasetInput.ClassNames"/>.
/// </summary>
public sealed record StudyReportInput
{
    public required DatasetInput Dataset { get; init; }

    public required LeakageReport Leakage { get; init; }

    /// <summary>The protocol that ran, in words ("2-fold grouped cross-validation…").</summary>
    public required string Protocol { get; init; }

    /// <summary>The models in the order of results.json.</summary>
    public required IReadOnlyList<ModelInput> Models { get; init; }

    /// <summary>Paired comparisons of every two models on the same cases.</summary>
    public required IReadOnlyList<ComparisonInput> Comparisons { get; init; }

    /// <summary>The CNN models (every fold a network) that Grad-CAM and the filter views explain; empty leaves those sections out.</summary>
    public required IReadOnlyList<CnnInput> Cnns { get; init; }

    /// <summary>One t-SNE map (or the reason there is none) per model, in model order.</summary>
    public required IReadOnlyList<TsneInput> Tsne { get; init; }

    public required ReproducibilityInput Reproducibility { get; init; }

    /// <summary>An encoded image of a gallery with its caption.</summary>
    public sealed record GalleryImage(byte[] Png, string Caption);

    /// <summary>
    /// The data set: what was read (results.json's <c>dataset</c>, with <paramref name="ClassCountsBySplit"/> the images
    /// per class of each split), the images per class of each fold's training, validation and test part, and up to a
    /// dozen sample images of each class.
    /// </summary>
    public sealed record DatasetInput(
        string Name,
        string Source,
        IReadOnlyList<string> ClassNames,
        int Samples,
        int Groups,
        string ContentSha256,
        string? PositiveClass,
        IReadOnlyDictionary<string, int[]> ClassCountsBySplit,
        IReadOnlyList<FoldCounts> Folds,
        IReadOnlyList<IReadOnlyList<GalleryImage>> SamplesByClass);

    /// <summary>Images per class (class order) of fold <paramref name="Fold"/> (counting from 1).</summary>
    public sealed record FoldCounts(int Fold, int[] Train, int[] Validation, int[] Test);

    /// <summary>One model's evaluation as the page shows it.</summary>
    public sealed record ModelInput
    {
        public required string Name { get; init; }

        /// <summary><c>cnn</c> or <c>features</c>.</summary>
        public required string Kind { get; init; }

        /// <summary>Binary models: the pooled metrics with intervals; null for K-class models.</summary>
        public BinaryMetricEstimates? Metrics { get; init; }

        /// <summary>K-class models: the pooled metrics with intervals; null for binary models.</summary>
        public MulticlassMetricEstimates? MulticlassMetrics { get; init; }

        /// <summary>Whether the model tells three or more classes apart.</summary>
        public bool IsMulticlass => MulticlassMetrics is not null;

        public required double FoldAucMean { get; init; }

        public required double FoldAucStd { get; init; }

        public required double Brier { get; init; }

        public required double ExpectedCalibrationError { get; init; }

        public required double TrainSeconds { get; init; }

        /// <summary>The thresholds chosen on each fold's validation images, or null for the fixed threshold of the metrics.</summary>
        public ValidationThresholdInput? ValidationThreshold { get; init; }

        /// <summary>An external set's check of a saved model's threshold and calibration; null in experiments.</summary>
        public TransferInput? Transfer { get; init; }

        /// <summary>Operating point at a target sensitivity chosen on the held-out predictions, when one was asked for.</summary>
        public OperatingPoint? OperatingPoint { get; init; }

        public required ModelCurves Curves { get; init; }

        /// <summary>Fold 1's learning curves, or null for models without epochs.</summary>
        public LearningCurves? Learning { get; init; }

        public required IReadOnlyList<FoldRow> Folds { get; init; }

        public required CaseGalleries Cases { get; init; }
    }

    /// <summary>Per-fold thresholds chosen by <paramref name="Rule"/> (<c>youden</c>, <c>target_sensitivity</c>, <c>best_accuracy</c>).</summary>
    public sealed record ValidationThresholdInput(string Rule, IReadOnlyList<double> FoldThresholds);

    /// <summary>How a saved model's threshold and probabilities carry over to an external set (results.json's <c>transfer</c>).</summary>
    public sealed record TransferInput(double BundleThreshold, double ExpectedCalibrationError, double Brier, double CalibrationSlope,
        double CalibrationIntercept, double YoudenThreshold, double YoudenShift, IReadOnlyList<string> Warnings);

    /// <summary>The curves behind a model's charts.</summary>
    public abstract record ModelCurves;

    /// <summary>
    /// A binary model's curves: the per-fold ROC with its mean ± std band (null when it could not be formed), the pooled
    /// precision–recall curve with the prevalence of the positive class, and the pooled reliability curve.
    /// </summary>
    public sealed record BinaryCurves(CrossValidatedRoc? Roc, PrecisionRecallCurve PrecisionRecall, double Prevalence, ReliabilityCurve Calibration) : ModelCurves;

    /// <summary>A K-class model's curves: the one-vs-rest ROC of each class present with both outcomes, and the top-label reliability curve.</summary>
    public sealed record MulticlassCurves(IReadOnlyList<ClassRoc> Roc, ReliabilityCurve Calibration) : ModelCurves;

    /// <summary>The one-vs-rest ROC of class index <paramref name="Class"/>.</summary>
    public sealed record ClassRoc(int Class, RocCurve Curve);

    /// <summary>
    /// Per-epoch curves of fold 1 of <paramref name="Folds"/> trained folds; <paramref name="BestEpoch"/> counts from 1
    /// as the logs do.
    /// </summary>
    public sealed record LearningCurves(IReadOnlyList<double> TrainLoss, IReadOnlyList<double> ValidationLoss, IReadOnlyList<double> TrainAccuracy,
        IReadOnlyList<double> ValidationAccuracy, int BestEpoch, int Folds, LrFinderCurve? LrFinder);

    /// <summary>The learning-rate range test: loss per tried rate, smoothed loss, and the suggested rate.</summary>
    public sealed record LrFinderCurve(IReadOnlyList<double> LearningRates, IReadOnlyList<double> Losses, IReadOnlyList<double> SmoothedLosses, double SuggestedLr);

    /// <summary>One fold of one model (results.json's <c>folds</c>); <paramref name="BestEpoch"/> counts from 1.</summary>
    public sealed record FoldRow(int Fold, int TrainSamples, int TestSamples, double Auc, double Accuracy, int? BestEpoch, double Seconds);

    /// <summary>A model's held-out cases by outcome, ten at most per gallery, most telling first.</summary>
    public abstract record CaseGalleries;

    /// <summary>Binary: the outcomes at the model's threshold, most confident first, and the largest binary cross-entropies.</summary>
    public sealed record BinaryCaseGalleries(IReadOnlyList<GalleryImage> TruePositives, IReadOnlyList<GalleryImage> FalsePositives,
        IReadOnlyList<GalleryImage> FalseNegatives, IReadOnlyList<GalleryImage> TrueNegatives, IReadOnlyList<GalleryImage> TopLosses) : CaseGalleries;

    /// <summary>K classes: the most confident correct and wrong most-probable-class decisions, and the largest cross-entropies.</summary>
    public sealed record MulticlassCaseGalleries(IReadOnlyList<GalleryImage> Correct, IReadOnlyList<GalleryImage> Errors, IReadOnlyList<GalleryImage> TopLosses) : CaseGalleries;

    /// <summary>Paired tests of two models on the same cases (results.json's <c>comparisons</c>).</summary>
    public sealed record ComparisonInput(string ModelA, string ModelB, double AucDifference, double CiLow, double CiHigh, double DelongP, double McnemarP);

    /// <summary>What explains one CNN: its Grad-CAM overlays of test images of each class (class order) and its fold-1 filters and feature maps.</summary>
    public sealed record CnnInput(string Model, IReadOnlyList<IReadOnlyList<GalleryImage>> GradCamByClass, FilterInput Filters);

    /// <summary>
    /// Fold 1's first convolution <paramref name="FirstLayer"/> (<paramref name="KernelShape"/> = out × in × kh × kw) with
    /// one image per output kernel (input channel 1), the fold-1 test image the maps are of (null when fold 1 tested
    /// none) and the feature maps of the first and last convolutions.
    /// </summary>
    public sealed record FilterInput(string FirstLayer, int[] KernelShape, IReadOnlyList<byte[]> Kernels, ShownImage? Input, IReadOnlyList<FeatureMaps> Maps);

    /// <summary>Image <paramref name="Id"/> at the network's input, with the probability <paramref name="Score"/> it was picked by.</summary>
    public sealed record ShownImage(string Id, double Score, byte[] Png);

    /// <summary>The first channels of layer <paramref name="Layer"/>'s output (<paramref name="Channels"/> × H × W), one image each.</summary>
    public sealed record FeatureMaps(string Layer, int Channels, int Height, int Width, IReadOnlyList<byte[]> Pngs);

    /// <summary>A model's t-SNE map of its fold-1 test images, or null <paramref name="Map"/> when it has too few images or no features.</summary>
    public sealed record TsneInput(string Model, TsneMap? Map);

    /// <summary>The embedding's coordinates of each class's points (class order), its KL divergence and trustworthiness.</summary>
    public sealed record TsneMap(double KlDivergence, double Trustworthiness, IReadOnlyList<TsnePoints> Classes);

    /// <summary>Two-dimensional coordinates of the points of one class.</summary>
    public sealed record TsnePoints(IReadOnlyList<double> X, IReadOnlyList<double> Y);

    /// <summary>What is needed to run the study again (results.json's <c>reproducibility</c>) and the text (YAML) of the settings it ran with.</summary>
    public sealed record ReproducibilityInput(string MedvisionVersion, string Runtime, string Os, int Seed, int Threads, string Command, string ConfigFile, string? Rerun, string Settings);
}
