namespace MedVision.Classical.Svm;

/// <summary>
/// libsvm's <c>Solver</c> for the C-SVC dual, <c>min ½αᵀQα − eᵀα</c> subject to <c>0 ≤ α_i ≤ C_i</c> and
/// <c>yᵀα = 0</c> with <c>Q_ij = y_i y_j K(x_i, x_j)</c>: SMO with second-order working-set selection (WSS2, Fan, Chen
/// and Lin 2005), libsvm's shrinking and gradient reconstruction, and its stopping rule (maximal violation &lt; eps).
/// Variables are physically swapped as libsvm does so that the active set is a prefix, which keeps the visiting order
/// (and hence tie-breaking) the same as libsvm's.
/// </summary>
internal sealed class SmoSolver
{
    private const double Tau = 1e-12;
    private const byte LowerBound = 0;
    private const byte UpperBound = 1;
    private const byte Free = 2;

    private readonly KernelSource _kernel;
    private readonly int _l;
    private readonly int[] _outer;
    private readonly int[] _original;
    private readonly double[] _y;
    private readonly double[] _alpha;
    private readonly byte[] _status;
    private readonly double[] _g;
    private readonly double[] _gBar;
    private readonly double[] _qd;
    private readonly double[] _c;
    private readonly double[] _qi;
    private readonly double[] _qj;
    private readonly double _eps;
    private int _activeSize;
    private bool _unshrink;

    private SmoSolver(KernelSource kernel, ReadOnlySpan<int> subset, ReadOnlySpan<sbyte> y, double cp, double cn, double eps)
    {
        _kernel = kernel;
        _l = subset.Length;
        _outer = subset.ToArray();
        _original = Enumerable.Range(0, _l).ToArray();
        _y = new double[_l];
        _c = new double[_l];
        _qd = new double[_l];
        for (var t = 0; t < _l; t++)
        {
            _y[t] = y[t];
            _c[t] = y[t] > 0 ? cp : cn;
            _qd[t] = kernel.Diagonal(_outer[t]);
        }

        _alpha = new double[_l];
        _status = new byte[_l];
        _g = new double[_l];
        _gBar = new double[_l];
        _qi = new double[_l];
        _qj = new double[_l];
        _eps = eps;
    }

    /// <summary>
    /// Solves the dual on the training rows <paramref name="subset"/> (indices into the kernel source) with labels ±1.
    /// Returns α in the order of <paramref name="subset"/> and ρ (decision value <c>Σ α_i y_i K(x_i, x) − ρ</c>).
    /// </summary>
    public static (double[] Alpha, double Rho) Solve(KernelSource kernel, ReadOnlySpan<int> subset, ReadOnlySpan<sbyte> y, double cp, double cn, double eps, bool shrinking, int? maxIterations)
    {
        var solver = new SmoSolver(kernel, subset, y, cp, cn, eps);
        var rho = solver.Run(shrinking, maxIterations ?? Math.Max(10_000_000, subset.Length > int.MaxValue / 100 ? int.MaxValue : 100 * subset.Length));
        var alpha = new double[subset.Length];
        for (var t = 0; t < subset.Length; t++)
        {
            alpha[solver._original[t]] = solver._alpha[t];
        }

        return (alpha, rho);
    }

    private double Run(bool shrinking, int maxIterations)
    {
        _activeSize = _l;
        for (var t = 0; t < _l; t++)
        {
            _g[t] = -1;
            UpdateStatus(t);
        }

        var iter = 0;
        var counter = Math.Min(_l, 1000) + 1;
        while (iter < maxIterations)
        {
            if (--counter == 0)
            {
                counter = Math.Min(_l, 1000);
                if (shrinking)
                {
                    Shrink();
                }
            }

            if (!SelectWorkingSet(out var i, out var j))
            {
                ReconstructGradient();
                _activeSize = _l;
                if (!SelectWorkingSet(out i, out j))
                {
                    break;
                }

                counter = 1;
            }

            iter++;
            Step(i, j);
        }

        if (_activeSize < _l)
        {
            ReconstructGradient();
            _activeSize = _l;
        }

        return CalculateRho();
    }

    private void Step(int i, int j)
    {
        var qi = _qi.AsSpan(0, _activeSize);
        var qj = _qj.AsSpan(0, _activeSize);
        FillQ(i, qi);
        FillQ(j, qj);
        double ci = _c[i], cj = _c[j];
        double oldAi = _alpha[i], oldAj = _alpha[j];
        if (_y[i] != _y[j])
        {
            var quad = _qd[i] + _qd[j] + (2 * qi[j]);
            if (quad <= 0)
            {
                quad = Tau;
            }

            var delta = (-_g[i] - _g[j]) / quad;
            var diff = _alpha[i] - _alpha[j];
            _alpha[i] += delta;
            _alpha[j] += delta;
            if (diff > 0)
            {
                if (_alpha[j] < 0)
                {
                    _alpha[j] = 0;
                    _alpha[i] = diff;
                }
            }
            else if (_alpha[i] < 0)
            {
                _alpha[i] = 0;
                _alpha[j] = -diff;
            }

            if (diff > ci - cj)
            {
                if (_alpha[i] > ci)
                {
                    _alpha[i] = ci;
                    _alpha[j] = ci - diff;
                }
            }
            else if (_alpha[j] > cj)
            {
                _alpha[j] = cj;
                _alpha[i] = cj + diff;
            }
        }
        else
        {
            var quad = _qd[i] + _qd[j] - (2 * qi[j]);
            if (quad <= 0)
            {
                quad = Tau;
            }

            var delta = (_g[i] - _g[j]) / quad;
            var sum = _alpha[i] + _alpha[j];
            _alpha[i] -= delta;
            _alpha[j] += delta;
            if (sum > ci)
            {
                if (_alpha[i] > ci)
                {
                    _alpha[i] = ci;
                    _alpha[j] = sum - ci;
                }
            }
            else if (_alpha[j] < 0)
            {
                _alpha[j] = 0;
                _alpha[i] = sum;
            }

            if (sum > cj)
            {
                if (_alpha[j] > cj)
                {
                    _alpha[j] = cj;
                    _alpha[i] = sum - cj;
                }
            }
            else if (_alpha[i] < 0)
            {
                _alpha[i] = 0;
                _alpha[j] = sum;
            }
        }

        var dAi = _alpha[i] - oldAi;
        var dAj = _alpha[j] - oldAj;
        var g = _g.AsSpan(0, _activeSize);
        for (var k = 0; k < g.Length; k++)
        {
            g[k] += (qi[k] * dAi) + (qj[k] * dAj);
        }

        UpdateBoundTerm(i, ci);
        UpdateBoundTerm(j, cj);
    }

    // G_bar_k = Σ_{α_t = C_t} C_t Q_tk, kept for reconstructing the gradient of shrunk variables.
    private void UpdateBoundTerm(int i, double ci)
    {
        var wasUpper = _status[i] == UpperBound;
        UpdateStatus(i);
        var isUpper = _status[i] == UpperBound;
        if (wasUpper == isUpper)
        {
            return;
        }

        var q = _qi.AsSpan(0, _l);
        FillQ(i, q);
        var sign = isUpper ? ci : -ci;
        for (var k = 0; k < _l; k++)
        {
            _gBar[k] += sign * q[k];
        }
    }

    private void UpdateStatus(int i) =>
        _status[i] = _alpha[i] >= _c[i] ? UpperBound : _alpha[i] <= 0 ? LowerBound : Free;

    /// <summary>Q_ik = y_i y_k K(x_i, x_k) for the first dest.Length positions.</summary>
    private void FillQ(int i, Span<double> dest)
    {
        var row = _kernel.Row(_outer[i]);
        var yi = _y[i];
        for (var k = 0; k < dest.Length; k++)
        {
            dest[k] = yi * _y[k] * row[_outer[k]];
        }
    }

    private bool SelectWorkingSet(out int outI, out int outJ)
    {
        var gMax = double.NegativeInfinity;
        var gMax2 = double.NegativeInfinity;
        var gMaxIdx = -1;
        var gMinIdx = -1;
        var objDiffMin = double.PositiveInfinity;
        for (var t = 0; t < _activeSize; t++)
        {
            if (_y[t] > 0)
            {
                if (_status[t] != UpperBound && -_g[t] >= gMax)
                {
                    gMax = -_g[t];
                    gMaxIdx = t;
                }
            }
            else if (_status[t] != LowerBound && _g[t] >= gMax)
            {
                gMax = _g[t];
                gMaxIdx = t;
            }
        }

        var i = gMaxIdx;
        var qi = _qi.AsSpan(0, _activeSize);
        if (i != -1)
        {
            FillQ(i, qi);
        }

        for (var j = 0; j < _activeSize; j++)
        {
            if (_y[j] > 0)
            {
                if (_status[j] != LowerBound)
                {
                    var gradDiff = gMax + _g[j];
                    if (_g[j] >= gMax2)
                    {
                        gMax2 = _g[j];
                    }

                    if (gradDiff > 0)
                    {
                        var quad = _qd[i] + _qd[j] - (2.0 * _y[i] * qi[j]);
                        var objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : Tau);
                        if (objDiff <= objDiffMin)
                        {
                            gMinIdx = j;
                            objDiffMin = objDiff;
                        }
                    }
                }
            }
            else if (_status[j] != UpperBound)
            {
                var gradDiff = gMax - _g[j];
                if (-_g[j] >= gMax2)
                {
                    gMax2 = -_g[j];
                }

                if (gradDiff > 0)
                {
                    var quad = _qd[i] + _qd[j] + (2.0 * _y[i] * qi[j]);
                    var objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : Tau);
                    if (objDiff <= objDiffMin)
                    {
                        gMinIdx = j;
                        objDiffMin = objDiff;
                    }
                }
            }
        }

        outI = gMaxIdx;
        outJ = gMinIdx;
        return !(gMax + gMax2 < _eps || gMinIdx == -1);
    }

    private bool BeShrunk(int i, double gMax1, double gMax2)
    {
        if (_status[i] == UpperBound)
        {
            return _y[i] > 0 ? -_g[i] > gMax1 : -_g[i] > gMax2;
        }

        if (_status[i] == LowerBound)
        {
            return _y[i] > 0 ? _g[i] > gMax2 : _g[i] > gMax1;
        }

        return false;
    }

    private void Shrink()
    {
        var gMax1 = double.NegativeInfinity;
        var gMax2 = double.NegativeInfinity;
        for (var i = 0; i < _activeSize; i++)
        {
            if (_y[i] > 0)
            {
                if (_status[i] != UpperBound && -_g[i] >= gMax1)
                {
                    gMax1 = -_g[i];
                }

                if (_status[i] != LowerBound && _g[i] >= gMax2)
                {
                    gMax2 = _g[i];
                }
            }
            else
            {
                if (_status[i] != UpperBound && -_g[i] >= gMax2)
                {
                    gMax2 = -_g[i];
                }

                if (_status[i] != LowerBound && _g[i] >= gMax1)
                {
                    gMax1 = _g[i];
                }
            }
        }

        if (!_unshrink && gMax1 + gMax2 <= _eps * 10)
        {
            _unshrink = true;
            ReconstructGradient();
            _activeSize = _l;
        }

        for (var i = 0; i < _activeSize; i++)
        {
            if (BeShrunk(i, gMax1, gMax2))
            {
                _activeSize--;
                while (_activeSize > i)
                {
                    if (!BeShrunk(_activeSize, gMax1, gMax2))
                    {
                        Swap(i, _activeSize);
                        break;
                    }

                    _activeSize--;
                }
            }
        }
    }

    private void Swap(int i, int j)
    {
        (_outer[i], _outer[j]) = (_outer[j], _outer[i]);
        (_original[i], _original[j]) = (_original[j], _original[i]);
        (_y[i], _y[j]) = (_y[j], _y[i]);
        (_c[i], _c[j]) = (_c[j], _c[i]);
        (_qd[i], _qd[j]) = (_qd[j], _qd[i]);
        (_alpha[i], _alpha[j]) = (_alpha[j], _alpha[i]);
        (_status[i], _status[j]) = (_status[j], _status[i]);
        (_g[i], _g[j]) = (_g[j], _g[i]);
        (_gBar[i], _gBar[j]) = (_gBar[j], _gBar[i]);
    }

    private void ReconstructGradient()
    {
        if (_activeSize == _l)
        {
            return;
        }

        for (var j = _activeSize; j < _l; j++)
        {
            _g[j] = _gBar[j] - 1;
        }

        var freeCount = 0;
        for (var j = 0; j < _activeSize; j++)
        {
            if (_status[j] == Free)
            {
                freeCount++;
            }
        }

        var q = _qi.AsSpan(0, _l);
        if ((long)freeCount * _l > 2L * _activeSize * (_l - _activeSize))
        {
            for (var i = _activeSize; i < _l; i++)
            {
                FillQ(i, q[.._activeSize]);
                for (var j = 0; j < _activeSize; j++)
                {
                    if (_status[j] == Free)
                    {
                        _g[i] += _alpha[j] * q[j];
                    }
                }
            }
        }
        else
        {
            for (var i = 0; i < _activeSize; i++)
            {
                if (_status[i] == Free)
                {
                    FillQ(i, q);
                    for (var j = _activeSize; j < _l; j++)
                    {
                        _g[j] += _alpha[i] * q[j];
                    }
                }
            }
        }
    }

    private double CalculateRho()
    {
        var freeCount = 0;
        double ub = double.PositiveInfinity, lb = double.NegativeInfinity, sumFree = 0;
        for (var i = 0; i < _activeSize; i++)
        {
            var yG = _y[i] * _g[i];
            if (_status[i] == UpperBound)
            {
                if (_y[i] < 0)
                {
                    ub = Math.Min(ub, yG);
                }
                else
                {
                    lb = Math.Max(lb, yG);
                }
            }
            else if (_status[i] == LowerBound)
            {
                if (_y[i] > 0)
                {
                    ub = Math.Min(ub, yG);
                }
                else
                {
                    lb = Math.Max(lb, yG);
                }
            }
            else
            {
                freeCount++;
                sumFree += yG;
            }
        }

        return freeCount > 0 ? sumFree / freeCount : (ub + lb) / 2;
    }
}
