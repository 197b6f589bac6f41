namespace MedVision.Classical.Svm;

/// <summary>
/// libsvm's probability estimates: Platt's sigmoid fitted by Newton's method with backtracking (Lin, Lin and Weng
/// 2007, <c>sigmoid_train</c>/<c>sigmoid_predict</c>) and the pairwise coupling of one-vs-one probabilities (Wu, Lin
/// and Weng 2004, method 2, <c>multiclass_probability</c>).
/// </summary>
internal static class PlattScaling
{
    /// <summary>Fits P(y = +1 | f) = 1 / (1 + exp(A·f + B)) to decision values and ±1 labels.</summary>
    public static (double A, double B) SigmoidTrain(ReadOnlySpan<double> dec, ReadOnlySpan<sbyte> labels)
    {
        double prior1 = 0, prior0 = 0;
        foreach (var y in labels)
        {
            if (y > 0)
            {
                prior1++;
            }
            else
            {
                prior0++;
            }
        }

        const int MaxIterations = 100;
        const double MinStep = 1e-10, Sigma = 1e-12, Eps = 1e-5;
        var hiTarget = (prior1 + 1.0) / (prior1 + 2.0);
        var loTarget = 1 / (prior0 + 2.0);
        var l = dec.Length;
        var t = new double[l];
        var a = 0.0;
        var b = Math.Log((prior0 + 1.0) / (prior1 + 1.0));
        var fval = 0.0;
        for (var i = 0; i < l; i++)
        {
            t[i] = labels[i] > 0 ? hiTarget : loTarget;
            fval += Loss(t[i], (dec[i] * a) + b);
        }

        for (var iter = 0; iter < MaxIterations; iter++)
        {
            double h11 = Sigma, h22 = Sigma, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < l; i++)
            {
                var fApB = (dec[i] * a) + b;
                double p, q;
                if (fApB >= 0)
                {
                    p = Math.Exp(-fApB) / (1.0 + Math.Exp(-fApB));
                    q = 1.0 / (1.0 + Math.Exp(-fApB));
                }
                else
                {
                    p = 1.0 / (1.0 + Math.Exp(fApB));
                    q = Math.Exp(fApB) / (1.0 + Math.Exp(fApB));
                }

                var d2 = p * q;
                h11 += dec[i] * dec[i] * d2;
                h22 += d2;
                h21 += dec[i] * d2;
                var d1 = t[i] - p;
                g1 += dec[i] * d1;
                g2 += d1;
            }

            if (Math.Abs(g1) < Eps && Math.Abs(g2) < Eps)
            {
                break;
            }

            var det = (h11 * h22) - (h21 * h21);
            var dA = -((h22 * g1) - (h21 * g2)) / det;
            var dB = -((-h21 * g1) + (h11 * g2)) / det;
            var gd = (g1 * dA) + (g2 * dB);
            var step = 1.0;
            while (step >= MinStep)
            {
                var newA = a + (step * dA);
                var newB = b + (step * dB);
                var newF = 0.0;
                for (var i = 0; i < l; i++)
                {
                    newF += Loss(t[i], (dec[i] * newA) + newB);
                }

                if (newF < fval + (0.0001 * step * gd))
                {
                    a = newA;
                    b = newB;
                    fval = newF;
                    break;
                }

                step /= 2.0;
            }

            if (step < MinStep)
            {
                break;
            }
        }

        return (a, b);
    }

    /// <summary>1 / (1 + exp(A·f + B)), computed without overflow.</summary>
    public static double SigmoidPredict(double dec, double a, double b)
    {
        var fApB = (dec * a) + b;
        return fApB >= 0 ? Math.Exp(-fApB) / (1.0 + Math.Exp(-fApB)) : 1.0 / (1 + Math.Exp(fApB));
    }

    /// <summary>
    /// Class probabilities p (length k) from pairwise estimates r[i, j] ≈ P(i | i or j), r[j, i] = 1 − r[i, j].
    /// </summary>
    public static void MulticlassProbability(int k, double[,] r, Span<double> p)
    {
        var maxIter = Math.Max(100, k);
        var q = new double[k, k];
        var qp = new double[k];
        var eps = 0.005 / k;
        for (var t = 0; t < k; t++)
        {
            p[t] = 1.0 / k;
            q[t, t] = 0;
            for (var j = 0; j < t; j++)
            {
                q[t, t] += r[j, t] * r[j, t];
                q[t, j] = q[j, t];
            }

            for (var j = t + 1; j < k; j++)
            {
                q[t, t] += r[j, t] * r[j, t];
                q[t, j] = -r[j, t] * r[t, j];
            }
        }

        for (var iter = 0; iter < maxIter; iter++)
        {
            var pQp = 0.0;
            for (var t = 0; t < k; t++)
            {
                qp[t] = 0;
                for (var j = 0; j < k; j++)
                {
                    qp[t] += q[t, j] * p[j];
                }

                pQp += p[t] * qp[t];
            }

            var maxError = 0.0;
            for (var t = 0; t < k; t++)
            {
                maxError = Math.Max(maxError, Math.Abs(qp[t] - pQp));
            }

            if (maxError < eps)
            {
                break;
            }

            for (var t = 0; t < k; t++)
            {
                var diff = (-qp[t] + pQp) / q[t, t];
                p[t] += diff;
                pQp = (pQp + (diff * ((diff * q[t, t]) + (2 * qp[t])))) / (1 + diff) / (1 + diff);
                for (var j = 0; j < k; j++)
                {
                    qp[j] = (qp[j] + (diff * q[t, j])) / (1 + diff);
                    p[j] /= 1 + diff;
                }
            }
        }
    }

    private static double Loss(double t, double fApB) =>
        fApB >= 0 ? (t * fApB) + Math.Log(1 + Math.Exp(-fApB)) : ((t - 1) * fApB) + Math.Log(1 + Math.Exp(fApB));
}
