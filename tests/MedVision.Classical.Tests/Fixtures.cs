using MedVision.Testing;

namespace MedVision.Classical.Tests;

/// <summary>Loads the scikit-learn fixtures of tests/fixtures/classical (written by classical_sklearn.py).</summary>
internal static class Fixtures
{
    public static FeatureMatrix Matrix(string name)
    {
        var f = NpyFixture.Load("classical", name + ".npy");
        return f.Shape.Length == 1 ? new FeatureMatrix(f.Shape[0], 1, f.Values) : new FeatureMatrix(f.Shape[0], f.Shape[1], f.Values);
    }

    public static double[] Vector(string name) => NpyFixture.Load("classical", name + ".npy").Values;

    public static int[] Labels(string name) => NpyFixture.Load("classical", name + ".npy").AsInt();

    /// <summary>A data set "binary", "multi" or "realistic": (x_train, y_train, x_test, y_test); <paramref name="z"/> picks the standardised copy.</summary>
    public static (FeatureMatrix X, int[] Y, FeatureMatrix Test, int[] TestY) Set(string name, bool z = false)
    {
        var prefix = z ? $"{name}_z" : $"{name}_x";
        return (Matrix(prefix + "_train"), Labels(name + "_y_train"), Matrix(prefix + "_test"), Labels(name + "_y_test"));
    }

    public static void Near(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var scale = Math.Max(1, Math.Abs(expected[i]));
            if (Math.Abs(expected[i] - actual[i]) > tolerance * scale)
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance})");
            }
        }
    }

    /// <summary>ROC AUC by the Mann–Whitney statistic with ties counted ½ (equals scikit-learn's roc_auc_score).</summary>
    public static double Auc(int[] labels, ReadOnlySpan<double> scores)
    {
        double pairs = 0, wins = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 1)
            {
                continue;
            }

            for (var j = 0; j < labels.Length; j++)
            {
                if (labels[j] == 1)
                {
                    continue;
                }

                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }

        return wins / pairs;
    }

    /// <summary>Column <paramref name="k"/> of a matrix.</summary>
    public static double[] Column(FeatureMatrix m, int k) => Enumerable.Range(0, m.Rows).Select(i => m[i, k]).ToArray();
}
