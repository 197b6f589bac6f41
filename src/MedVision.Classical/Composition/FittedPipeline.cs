namespace MedVision.Classical.Composition;

/// <summary>A fitted <see cref="Pipeline"/>: transforms with the fitted steps, then asks the fitted classifier.</summary>
public sealed class FittedPipeline : FittedClassifier
{
    internal FittedPipeline(int[] classes, int featureCount, IReadOnlyList<IFittedTransformer> steps, IFittedClassifier classifier)
        : base(classes, featureCount)
    {
        Steps = steps;
        Classifier = classifier;
    }

    /// <summary>The fitted transformers.</summary>
    public IReadOnlyList<IFittedTransformer> Steps { get; }

    /// <summary>The fitted classifier.</summary>
    public IFittedClassifier Classifier { get; }

    /// <summary>Applies the fitted transformers to <paramref name="x"/>.</summary>
    public FeatureMatrix Transform(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        foreach (var step in Steps)
        {
            x = step.Transform(x);
        }

        return x;
    }

    /// <inheritdoc/>
    public override int[] Predict(FeatureMatrix x) => Classifier.Predict(Transform(x));

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x) => Classifier.PredictProba(Transform(x));
}
