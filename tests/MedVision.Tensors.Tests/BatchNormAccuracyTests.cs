namespace MedVision.Tensors.Tests;

/// <summary>
/// Batch norm sums each plane in float vector lanes and the planes in double. On an input far from zero with a small
/// spread (the case a one-pass Σx² formula gets wrong) and planes whose size is no multiple of a vector, the batch
/// statistics, the output and all three gradients must match the formulas evaluated in double.
/// </summary>
public class BatchNormAccuracyTests
{
    private const int N = 3, C = 4, H = 37, W = 29;

    [Fact]
    public void TrainingForwardAndBackward_MatchADoublePrecisionReference_OnAnOffsetInput()
    {
        var gen = new Generator(11);
        var x = Tensor.Randn(gen, N, C, H, W) * 0.5f + 50f;
        x.RequiresGrad = true;
        var gamma = Tensor.Uniform(gen, 0.5f, 1.5f, C);
        var beta = Tensor.Uniform(gen, -1f, 1f, C);
        gamma.RequiresGrad = true;
        beta.RequiresGrad = true;
        var upstream = Tensor.Randn(gen, N, C, H, W);
        var runningMean = Tensor.Zeros(C);
        var runningVar = Tensor.Ones(C);

        var y = Ops.BatchNorm(x, runningMean, runningVar, gamma, beta, training: true, momentum: 1f);
        Ops.Sum(y * upstream).Backward();

        var reference = Reference(x.ToArray(), gamma.ToArray(), beta.ToArray(), upstream.ToArray());
        AssertClose(reference.Mean, runningMean.ToArray(), 1e-6);
        AssertClose(reference.UnbiasedVar, runningVar.ToArray(), 1e-5);
        AssertClose(reference.Y, y.ToArray(), 1e-5);
        AssertClose(reference.DX, x.Grad!.ToArray(), 1e-4);
        AssertClose(reference.DGamma, gamma.Grad!.ToArray(), 1e-4);
        AssertClose(reference.DBeta, beta.Grad!.ToArray(), 1e-5);
    }

    /// <summary>Asserts every value within <paramref name="relative"/> of the largest reference magnitude.</summary>
    private static void AssertClose(double[] expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(expected.Max(Math.Abs), 1e-12);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() / scale;
        Assert.True(worst <= relative, $"largest difference {worst:E2} of the largest value, allowed {relative:E0}");
    }

    private static (double[] Mean, double[] UnbiasedVar, double[] Y, double[] DX, double[] DGamma, double[] DBeta) Reference(float[] x, float[] gamma, float[] beta, float[] dy)
    {
        const int plane = H * W;
        const int m = N * plane;
        double[] mean = new double[C], unbiased = new double[C], dGamma = new double[C], dBeta = new double[C];
        double[] y = new double[x.Length], dx = new double[x.Length];
        for (var c = 0; c < C; c++)
        {
            var idx = Enumerable.Range(0, N).SelectMany(n => Enumerable.Range(((n * C) + c) * plane, plane)).ToArray();
            var mu = idx.Average(i => (double)x[i]);
            var variance = idx.Sum(i => (x[i] - mu) * (x[i] - mu)) / m;
            var inv = 1 / Math.Sqrt(variance + 1e-5);
            mean[c] = mu;
            unbiased[c] = variance * m / (m - 1);
            var sumDy = idx.Sum(i => (double)dy[i]);
            var sumDyXhat = idx.Sum(i => dy[i] * (x[i] - mu) * inv);
            dGamma[c] = sumDyXhat;
            dBeta[c] = sumDy;
            foreach (var i in idx)
            {
                var xhat = (x[i] - mu) * inv;
                y[i] = (xhat * gamma[c]) + beta[c];
                dx[i] = gamma[c] * inv * (dy[i] - (sumDy / m) - (xhat * sumDyXhat / m));
            }
        }

        return (mean, unbiased, y, dx, dGamma, dBeta);
    }
}
