using System.Numerics.Tensors;

namespace MedVision.Classical.Linear;

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, algorithm 7.5) with the two-loop recursion, 10 correction pairs and a
/// backtracking Armijo line search; stops on <c>max|∇f| ≤ gtol</c>, on a relative decrease below scipy's
/// <c>ftol = 64·eps</c> (as scikit-learn's lbfgs call), or after the iteration limit.
/// </summary>
internal static class Lbfgs
{
    private const int History = 10;
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>f(w, ∇f destination) → f. Minimises in place from the initial <paramref name="w"/>; returns the iterations used.</summary>
    public static int Minimize(Func<double[], double[], double> objective, double[] w, int maxIterations, double gtol)
    {
        var n = w.Length;
        var g = new double[n];
        var f = objective(w, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var direction = new double[n];
        var alpha = new double[History];
        var wNew = new double[n];
        var gNew = new double[n];
        var iter = 0;
        for (; iter < maxIterations; iter++)
        {
            if (Math.Abs(TensorPrimitives.MaxMagnitude<double>(g)) <= gtol)
            {
                break;
            }

            // Two-loop recursion: direction = −H·g.
            g.CopyTo(direction, 0);
            for (var k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * TensorPrimitives.Dot<double>(s[k], direction);
                TensorPrimitives.MultiplyAdd(y[k], -alpha[k], direction, direction);
            }

            var gamma = s.Count > 0 ? TensorPrimitives.Dot<double>(s[^1], y[^1]) / TensorPrimitives.Dot<double>(y[^1], y[^1]) : 1.0 / Math.Max(1.0, TensorPrimitives.Norm<double>(g));
            TensorPrimitives.Multiply(direction, gamma, direction);
            for (var k = 0; k < s.Count; k++)
            {
                var beta = rho[k] * TensorPrimitives.Dot<double>(y[k], direction);
                TensorPrimitives.MultiplyAdd(s[k], alpha[k] - beta, direction, direction);
            }

            TensorPrimitives.Negate(direction, direction);
            var slope = TensorPrimitives.Dot<double>(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction (curvature information went stale): restart from steepest descent.
                s.Clear();
                y.Clear();
                rho.Clear();
                TensorPrimitives.Negate(g, direction);
                TensorPrimitives.Multiply(direction, 1.0 / Math.Max(1.0, TensorPrimitives.Norm<double>(g)), direction);
                slope = TensorPrimitives.Dot<double>(g, direction);
            }

            var step = 1.0;
            double fNew;
            var found = false;
            for (var ls = 0; ls < 50; ls++)
            {
                TensorPrimitives.MultiplyAdd(direction, step, w, wNew);
                fNew = objective(wNew, gNew);
                if (fNew <= f + (1e-4 * step * slope))
                {
                    found = true;
                    var sk = new double[n];
                    var yk = new double[n];
                    TensorPrimitives.Subtract(wNew, w, sk);
                    TensorPrimitives.Subtract(gNew, g, yk);
                    var sy = TensorPrimitives.Dot<double>(sk, yk);
                    if (sy > 1e-12 * TensorPrimitives.Dot<double>(yk, yk))
                    {
                        if (s.Count == History)
                        {
                            s.RemoveAt(0);
                            y.RemoveAt(0);
                            rho.RemoveAt(0);
                        }

                        s.Add(sk);
                        y.Add(yk);
                        rho.Add(1.0 / sy);
                    }

                    var decrease = (f - fNew) / Math.Max(Math.Max(Math.Abs(f), Math.Abs(fNew)), 1);
                    wNew.CopyTo(w, 0);
                    gNew.CopyTo(g, 0);
                    f = fNew;
                    if (decrease <= 64 * MachineEpsilon)
                    {
                        return iter + 1;
                    }

                    break;
                }

                step *= 0.5;
            }

            if (!found)
            {
                break;
            }
        }

        return iter;
    }
}
