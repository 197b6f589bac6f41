using MathNet.Numerics.LinearAlgebra;

namespace MedVision.Classical.Decomposition;

/// <summary>
/// Principal component analysis by the full SVD of the centred data, <c>X − mean = U·S·Vᵀ</c>, with scikit-learn's
/// <c>svd_flip</c> sign convention (each column of U made so that its largest-magnitude entry is positive) so that
/// components equal scikit-learn <c>PCA(svd_solver="full")</c>. Explained variance is <c>S²/(n − 1)</c>.
/// </summary>
public sealed class Pca : ITransformer
{
    /// <summary>PCA keeping all components, no whitening.</summary>
    public Pca()
        : this(new PcaOptions())
    {
    }

    /// <summary>PCA keeping <paramref name="components"/> components.</summary>
    public Pca(int components)
        : this(new PcaOptions { Components = components })
    {
    }

    /// <summary>PCA with explicit options.</summary>
    public Pca(PcaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Components is { } k)
        {
            Check.AtLeast(k, 1, "options.Components");
        }

        Options = options;
    }

    /// <summary>The configuration.</summary>
    public PcaOptions Options { get; }

    /// <inheritdoc/>
    public IFittedTransformer Fit(FeatureMatrix x) => FitPca(x);

    /// <summary>Fits and returns the typed fitted PCA (components, explained variance).</summary>
    public FittedPca FitPca(FeatureMatrix x)
    {
        Check.Features(x);
        int n = x.Rows, p = x.Cols;
        var maxComponents = Math.Min(n, p);
        var k = Options.Components ?? maxComponents;
        if (k > maxComponents)
        {
            throw new ArgumentException($"options.Components must be ≤ min(n_samples, n_features) = {maxComponents}, got {k}", nameof(x));
        }

        var mean = new double[p];
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < p; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < p; j++)
        {
            mean[j] /= n;
        }

        var centred = Matrix<double>.Build.Dense(n, p, (i, j) => x[i, j] - mean[j]);
        var svd = centred.Svd(computeVectors: true);
        var u = svd.U;
        var s = svd.S;
        var vt = svd.VT;

        var components = new FeatureMatrix(k, p);
        var explained = new double[k];
        var totalVariance = 0.0;
        for (var c = 0; c < s.Count; c++)
        {
            totalVariance += s[c] * s[c] / (n - 1);
        }

        for (var c = 0; c < k; c++)
        {
            // svd_flip(u, v, u_based_decision=True): sign of the largest |U[:, c]|, first one on ties.
            var argMax = 0;
            for (var i = 1; i < n; i++)
            {
                if (Math.Abs(u[i, c]) > Math.Abs(u[argMax, c]))
                {
                    argMax = i;
                }
            }

            var sign = u[argMax, c] < 0 ? -1.0 : 1.0;
            for (var j = 0; j < p; j++)
            {
                components[c, j] = sign * vt[c, j];
            }

            explained[c] = s[c] * s[c] / (n - 1);
        }

        var ratio = explained.Select(v => totalVariance > 0 ? v / totalVariance : 0).ToArray();
        var singular = Enumerable.Range(0, k).Select(c => s[c]).ToArray();
        return new FittedPca(mean, components, explained, ratio, singular, Options.Whiten);
    }
}
