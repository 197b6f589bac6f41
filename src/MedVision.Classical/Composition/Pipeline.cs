namespace MedVision.Classical.Composition;

/// <summary>
/// A chain of transformers ending in a classifier (scikit-learn <c>make_pipeline</c>): <see cref="Fit"/> fits each
/// step on the training data only, transforming it for the next step, so no statistic of held-out data leaks into
/// scaling or reduction.
/// </summary>
public sealed class Pipeline : IClassifier
{
    /// <summary>Transformers applied in order, then <paramref name="classifier"/>.</summary>
    public Pipeline(IReadOnlyList<ITransformer> steps, IClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(classifier);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is null)
            {
                throw new ArgumentException($"steps[{i}] must not be null", nameof(steps));
            }
        }

        Steps = steps.ToArray();
        Classifier = classifier;
    }

    /// <summary>The transformers.</summary>
    public IReadOnlyList<ITransformer> Steps { get; }

    /// <summary>The final classifier.</summary>
    public IClassifier Classifier { get; }

    /// <inheritdoc/>
    public IFittedClassifier Fit(FeatureMatrix x, int[] y)
    {
        Check.TrainingSet(x, y);
        var fitted = new IFittedTransformer[Steps.Count];
        var current = x;
        for (var i = 0; i < Steps.Count; i++)
        {
            fitted[i] = Steps[i].Fit(current);
            current = fitted[i].Transform(current);
        }

        var model = Classifier.Fit(current, y);
        return new FittedPipeline(model.Classes.ToArray(), x.Cols, fitted, model);
    }
}
