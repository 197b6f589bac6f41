namespace MedVision.Classical.NaiveBayes;

/// <summary>
/// Gaussian naive Bayes as scikit-learn's <c>GaussianNB</c>: per class, the mean and population variance of each
/// feature plus <c>VarSmoothing · max_j var(X_j)</c>; class priors are the class frequencies.
/// </summary>
public sealed class GaussianNb : IClassifier
{
    /// <summary>Gaussian NB with var_smoothing 1e-9.</summary>
    public GaussianNb()
        : this(new GaussianNbOptions())
    {
    }

    /// <summary>Gaussian NB with explicit options.</summary>
    public GaussianNb(GaussianNbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.VarSmoothing >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.VarSmoothing, $"options.VarSmoothing must be ≥ 0, got {options.VarSmoothing}");
        }

        Options = options;
    }

    /// <summary>The configuration.</summary>
    public GaussianNbOptions Options { get; }

    /// <inheritdoc/>
    public IFittedClassifier Fit(FeatureMatrix x, int[] y)
    {
        var (classes, encoded) = Check.TrainingSet(x, y);
        int n = x.Rows, p = x.Cols, k = classes.Length;
        var (_, allVariance) = MeanVariance(x, Enumerable.Range(0, n).ToArray());
        var epsilon = Options.VarSmoothing * allVariance.Max();
        var theta = new FeatureMatrix(k, p);
        var variance = new FeatureMatrix(k, p);
        var prior = new double[k];
        for (var c = 0; c < k; c++)
        {
            var members = Enumerable.Range(0, n).Where(i => encoded[i] == c).ToArray();
            var (mean, v) = MeanVariance(x, members);
            mean.CopyTo(theta.Row(c));
            for (var j = 0; j < p; j++)
            {
                variance[c, j] = v[j] + epsilon;
            }

            prior[c] = (double)members.Length / n;
        }

        return new FittedGaussianNb(classes, theta, variance, prior);
    }

    private static (double[] Mean, double[] Variance) MeanVariance(FeatureMatrix x, int[] rows)
    {
        var p = x.Cols;
        var mean = new double[p];
        var variance = new double[p];
        foreach (var i in rows)
        {
            var row = x.Row(i);
            for (var j = 0; j < p; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < p; j++)
        {
            mean[j] /= rows.Length;
        }

        foreach (var i in rows)
        {
            var row = x.Row(i);
            for (var j = 0; j < p; j++)
            {
                variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }

        for (var j = 0; j < p; j++)
        {
            variance[j] /= rows.Length;
        }

        return (mean, variance);
    }
}
