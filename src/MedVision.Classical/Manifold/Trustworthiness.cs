namespace MedVision.Classical.Manifold;

/// <summary>
/// How far an embedding keeps local structure (Venna and Kaski, 2001; scikit-learn
/// <c>sklearn.manifold.trustworthiness</c>): T(k) = 1 − 2 / (N·k·(2N − 3k − 1)) · Σ_i Σ_{j ∈ U_i(k)} (r(i, j) − k),
/// where U_i(k) are the k nearest neighbours of i in the embedding that are not among its k nearest in the input
/// space and r(i, j) is j's rank among i's input-space neighbours (Euclidean). 1 means every embedded
/// neighbourhood is a true one.
/// </summary>
public static class Trustworthiness
{
    /// <summary>T(<paramref name="neighbors"/>) of <paramref name="embedded"/> for <paramref name="x"/> (same rows); k &lt; N / 2.</summary>
    public static double Compute(FeatureMatrix x, FeatureMatrix embedded, int neighbors = 5)
    {
        Check.Features(x);
        Check.Features(embedded, name: nameof(embedded));
        var n = x.Rows;
        if (embedded.Rows != n)
        {
            throw new ArgumentException($"embedded must have {n} rows (one per row of x), got {embedded.Rows}", nameof(embedded));
        }

        if (neighbors < 1 || neighbors >= n / 2.0)
        {
            throw new ArgumentException($"neighbors must be in [1, {n / 2.0}), got {neighbors}", nameof(neighbors));
        }

        var rank = new int[n];
        var t = 0.0;
        for (var i = 0; i < n; i++)
        {
            var byInput = Nearest(x, i);
            for (var r = 0; r < byInput.Length; r++)
            {
                rank[byInput[r]] = r + 1;
            }

            foreach (var j in Nearest(embedded, i).AsSpan(0, neighbors))
            {
                t += Math.Max(rank[j] - neighbors, 0);
            }
        }

        return 1 - (t * 2.0 / (n * neighbors * ((2.0 * n) - (3.0 * neighbors) - 1.0)));
    }

    // The other points ordered by Euclidean distance from point i (ties by index).
    private static int[] Nearest(FeatureMatrix m, int i)
    {
        var a = m.Row(i).ToArray();
        var distances = new double[m.Rows];
        for (var j = 0; j < m.Rows; j++)
        {
            var b = m.Row(j);
            for (var k = 0; k < a.Length; k++)
            {
                distances[j] += (a[k] - b[k]) * (a[k] - b[k]);
            }
        }

        var others = Enumerable.Range(0, m.Rows).Where(j => j != i).ToArray();
        Array.Sort(others, (p, q) => distances[p] != distances[q] ? distances[p].CompareTo(distances[q]) : p.CompareTo(q));
        return others;
    }
}
