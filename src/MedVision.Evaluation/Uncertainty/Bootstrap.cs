namespace MedVision.Evaluation;

/// <summary>A statistic of labelled scores (AUC, sensitivity at a threshold, …); NaN when undefined on the sample.</summary>
public delegate double BinaryStatistic(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores);

/// <summary>Several statistics of labelled scores at once, written to <paramref name="destination"/> (one slot each).</summary>
public delegate void BinaryStatistics(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, Span<double> destination);

/// <summary>Several statistics of the cases at <paramref name="cases"/> (indices into the data; a resample repeats some), one slot each.</summary>
public delegate void CaseStatistics(ReadOnlySpan<int> cases, Span<double> destination);

/// <summary>
/// Nonparametric bootstrap of statistics of labelled scores (Efron &amp; Tibshirani 1993): cases — or whole
/// groups when <see cref="BootstrapOptions.Groups"/> is set — are drawn with replacement, stratified by class
/// by default, and the statistics recomputed on every resample; the interval is the percentile or BCa
/// interval of the replicates. Resample <c>b</c> draws from its own generator derived from
/// (<see cref="BootstrapOptions.Seed"/>, b), so the result is the same for any thread count.
/// Replicates that are NaN (a statistic undefined on that resample) are left out of the interval and counted
/// in the warnings.
/// </summary>
public static class Bootstrap
{
    /// <summary>One statistic with a 95% percentile interval from 1000 stratified resamples, seed 0.</summary>
    public static MetricEstimate Estimate(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, BinaryStatistic statistic) =>
        Estimate(labels, scores, statistic, new BootstrapOptions());

    /// <summary>One statistic with its bootstrap interval.</summary>
    public static MetricEstimate Estimate(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, BinaryStatistic statistic, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return Run(labels, scores, 1, (y, s, d) => d[0] = statistic(y, s), options).Estimates[0];
    }

    /// <summary>
    /// <paramref name="count"/> statistics computed together on the data and on every resample; returns
    /// the point estimates with their intervals and the replicates (resample-major, <c>Resamples × count</c>).
    /// </summary>
    public static BootstrapResult Run(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int count, BinaryStatistics statistics, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(options);
        Check.Binary(labels, scores);
        var y = labels.ToArray();
        var s = scores.ToArray();
        return Core(y, count, () =>
        {
            var buffers = new Buffers(y.Length);
            return (cases, destination) =>
            {
                var n = buffers.Gather(y, s, cases);
                statistics(buffers.Labels.AsSpan(0, n), buffers.Scores.AsSpan(0, n), destination);
            };
        }, options);
    }

    /// <summary>
    /// <paramref name="count"/> statistics of cases given by index, computed on all cases and on every resample:
    /// the bootstrap of <see cref="Run"/> for data that is not one score per case (a class-probability matrix).
    /// <paramref name="classes"/> holds each case's class (0 … K − 1) for stratification: every resample keeps the
    /// number of units of each class, a group counting for the highest class among its cases (for 0/1 labels the rule of
    /// <see cref="BootstrapOptions.Stratified"/>). <paramref name="statistics"/> makes one evaluator per thread, so each
    /// can own its scratch memory.
    /// </summary>
    public static BootstrapResult RunCases(ReadOnlySpan<int> classes, int count, Func<CaseStatistics> statistics, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < classes.Length; i++)
        {
            if (classes[i] < 0)
            {
                throw new ArgumentException($"classes[{i}] must be ≥ 0, got {classes[i]}", nameof(classes));
            }
        }

        return Core(classes.ToArray(), count, statistics, options);
    }

    private static BootstrapResult Core(int[] y, int count, Func<CaseStatistics> statistics, BootstrapOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (options.Resamples < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Resamples, $"Resamples must be ≥ 2, got {options.Resamples}");
        }

        Check.Fraction(options.Confidence, "Confidence");
        var units = Units(y, options.Groups);
        var strata = Strata(y, units, options.Stratified);

        var estimate = new double[count];
        statistics()([.. Enumerable.Range(0, y.Length)], estimate);

        var b = options.Resamples;
        var replicates = new double[b * count];
        Parallelism.For(b, options.MaxDegreeOfParallelism, () => (Cases: new CaseBuffer(y.Length), Statistics: statistics()), (r, local) =>
        {
            var rng = Rng.Derive(options.Seed, (ulong)r);
            var n = local.Cases.Draw(ref rng, units, strata);
            local.Statistics(local.Cases.Indices.AsSpan(0, n), replicates.AsSpan(r * count, count));
        });

        double[]? jackknife = null;
        if (options.Method == BootstrapInterval.BCa)
        {
            jackknife = new double[units.Length * count];
            Parallelism.For(units.Length, options.MaxDegreeOfParallelism, () => (Cases: new CaseBuffer(y.Length), Statistics: statistics()), (u, local) =>
            {
                var n = local.Cases.LeaveOut(units, u);
                local.Statistics(local.Cases.Indices.AsSpan(0, n), jackknife.AsSpan(u * count, count));
            });
        }

        var warnings = new List<string>();
        var estimates = new MetricEstimate[count];
        var column = new double[b];
        var jackColumn = new double[units.Length];
        for (var j = 0; j < count; j++)
        {
            var valid = 0;
            for (var r = 0; r < b; r++)
            {
                var v = replicates[r * count + j];
                if (!double.IsNaN(v))
                {
                    column[valid++] = v;
                }
            }

            if (double.IsNaN(estimate[j]))
            {
                estimates[j] = MetricEstimate.Point(double.NaN);
                continue;
            }

            if (valid < b)
            {
                warnings.Add($"statistic {j}: {b - valid} of {b} resamples undefined (NaN), interval from the other {valid}");
            }

            if (valid < b / 2)
            {
                estimates[j] = MetricEstimate.Point(estimate[j]);
                warnings.Add($"statistic {j}: fewer than half of the resamples defined, no interval");
                continue;
            }

            var sorted = column.AsSpan(0, valid);
            sorted.Sort();
            (double Low, double High) interval;
            if (jackknife is null)
            {
                interval = PercentileSorted(sorted, options.Confidence);
            }
            else
            {
                for (var u = 0; u < units.Length; u++)
                {
                    jackColumn[u] = jackknife[u * count + j];
                }

                var (low, high, _) = BcaSorted(estimate[j], sorted, jackColumn, options.Confidence);
                interval = (low, high);
                if (double.IsNaN(low))
                {
                    warnings.Add($"statistic {j}: BCa interval undefined (degenerate bootstrap or jackknife distribution)");
                }
            }

            estimates[j] = new MetricEstimate(estimate[j], interval.Low, interval.High);
        }

        return new BootstrapResult(estimates, replicates, b, warnings);
    }

    /// <summary>Percentile interval: the (1 − c)/2 and (1 + c)/2 quantiles of the replicates (NumPy's linear rule).</summary>
    public static (double Low, double High) PercentileInterval(ReadOnlySpan<double> replicates, double confidence)
    {
        Check.Fraction(confidence, nameof(confidence));
        var sorted = replicates.ToArray();
        Array.Sort(sorted);
        return PercentileSorted(sorted, confidence);
    }

    /// <summary>
    /// BCa interval from the replicates and the jackknife (leave-one-out) values, exactly as
    /// <c>scipy.stats.bootstrap(method='BCa')</c>: z₀ = Φ⁻¹((#{θ* &lt; θ̂} + #{θ* ≤ θ̂}) / 2B),
    /// a = Σ(θ̄ − θᵢ)³ / (6 (Σ(θ̄ − θᵢ)²)^{3/2}), bounds at Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))).
    /// Returns NaN bounds when z₀ or a is not finite.
    /// </summary>
    public static (double Low, double High, double Acceleration) BcaInterval(double estimate, ReadOnlySpan<double> replicates, ReadOnlySpan<double> jackknife, double confidence)
    {
        Check.Fraction(confidence, nameof(confidence));
        var sorted = replicates.ToArray();
        Array.Sort(sorted);
        return BcaSorted(estimate, sorted, jackknife, confidence);
    }

    private static (double Low, double High) PercentileSorted(ReadOnlySpan<double> sorted, double confidence)
    {
        var alpha = (1 - confidence) / 2;
        return (Stats.Percentile(sorted, alpha * 100), Stats.Percentile(sorted, (1 - alpha) * 100));
    }

    private static (double Low, double High, double Acceleration) BcaSorted(double estimate, ReadOnlySpan<double> sorted, ReadOnlySpan<double> jackknife, double confidence)
    {
        int below = 0, belowOrEqual = 0;
        foreach (var v in sorted)
        {
            below += v < estimate ? 1 : 0;
            belowOrEqual += v <= estimate ? 1 : 0;
        }

        var z0 = Stats.NormalQuantile((below + belowOrEqual) / (2.0 * sorted.Length));
        var mean = 0.0;
        foreach (var v in jackknife)
        {
            mean += v;
        }

        mean /= jackknife.Length;
        double num = 0, den = 0;
        foreach (var v in jackknife)
        {
            var d = mean - v;
            num += d * d * d;
            den += d * d;
        }

        var a = num / (6.0 * Math.Pow(den, 1.5));
        if (!double.IsFinite(z0) || !double.IsFinite(a))
        {
            return (double.NaN, double.NaN, a);
        }

        var alpha = (1 - confidence) / 2;
        var zAlpha = Stats.NormalQuantile(alpha);
        var n1 = z0 + zAlpha;
        var n2 = z0 - zAlpha;
        var alpha1 = Stats.NormalCdf(z0 + n1 / (1 - a * n1));
        var alpha2 = Stats.NormalCdf(z0 + n2 / (1 - a * n2));
        return (Stats.Percentile(sorted, alpha1 * 100), Stats.Percentile(sorted, alpha2 * 100), a);
    }

    /// <summary>Resampling units: one per case, or one per group (members in case order, groups in order of first appearance).</summary>
    private static int[][] Units(int[] labels, IReadOnlyList<string>? groups)
    {
        if (groups is null)
        {
            var single = new int[labels.Length][];
            for (var i = 0; i < labels.Length; i++)
            {
                single[i] = [i];
            }

            return single;
        }

        if (groups.Count != labels.Length)
        {
            throw new ArgumentException($"Groups must have one entry per case ({labels.Length}), got {groups.Count}", nameof(groups));
        }

        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<List<int>>();
        for (var i = 0; i < groups.Count; i++)
        {
            if (!index.TryGetValue(groups[i], out var members))
            {
                members = [];
                index.Add(groups[i], members);
                order.Add(members);
            }

            members.Add(i);
        }

        return [.. order.Select(m => m.ToArray())];
    }

    /// <summary>Units by stratum: one stratum per class present (a unit's class is the highest among its cases), in class order.</summary>
    private static int[][] Strata(int[] labels, int[][] units, bool stratified)
    {
        if (!stratified)
        {
            return [Enumerable.Range(0, units.Length).ToArray()];
        }

        var classes = labels.Length == 0 ? 1 : labels.Max() + 1;
        var strata = Enumerable.Range(0, classes).Select(_ => new List<int>()).ToArray();
        for (var u = 0; u < units.Length; u++)
        {
            strata[units[u].Max(i => labels[i])].Add(u);
        }

        return [.. strata.Where(l => l.Count > 0).Select(l => l.ToArray())];
    }

    /// <summary>Per-thread storage of one resample's case indices.</summary>
    private sealed class CaseBuffer(int capacity)
    {
        public int[] Indices { get; private set; } = new int[Math.Max(capacity, 1)];

        public int Draw(ref Rng rng, int[][] units, int[][] strata)
        {
            var n = 0;
            foreach (var stratum in strata)
            {
                for (var k = 0; k < stratum.Length; k++)
                {
                    var unit = units[stratum[rng.NextInt(stratum.Length)]];
                    Ensure(n + unit.Length);
                    foreach (var i in unit)
                    {
                        Indices[n++] = i;
                    }
                }
            }

            return n;
        }

        public int LeaveOut(int[][] units, int left)
        {
            var n = 0;
            for (var u = 0; u < units.Length; u++)
            {
                if (u == left)
                {
                    continue;
                }

                foreach (var i in units[u])
                {
                    Indices[n++] = i;
                }
            }

            return n;
        }

        private void Ensure(int size)
        {
            if (size > Indices.Length)
            {
                var indices = Indices;
                Array.Resize(ref indices, Math.Max(size, Indices.Length * 2));
                Indices = indices;
            }
        }
    }

    /// <summary>Per-thread labels and scores of one resample, gathered from its case indices.</summary>
    private sealed class Buffers(int capacity)
    {
        public int[] Labels { get; private set; } = new int[Math.Max(capacity, 1)];

        public double[] Scores { get; private set; } = new double[Math.Max(capacity, 1)];

        public int Gather(int[] y, double[] s, ReadOnlySpan<int> cases)
        {
            if (cases.Length > Labels.Length)
            {
                Labels = new int[Math.Max(cases.Length, Labels.Length * 2)];
                Scores = new double[Labels.Length];
            }

            for (var k = 0; k < cases.Length; k++)
            {
                Labels[k] = y[cases[k]];
                Scores[k] = s[cases[k]];
            }

            return cases.Length;
        }
    }

    /// <summary>Replaces the "statistic j:" prefix of a <see cref="Run"/> warning by the statistic's name.</summary>
    internal static string NameWarning(string warning, IReadOnlyList<string> names)
    {
        for (var j = names.Count - 1; j >= 0; j--)
        {
            var prefix = $"statistic {j}:";
            if (warning.StartsWith(prefix, StringComparison.Ordinal))
            {
                return names[j] + ":" + warning[prefix.Length..];
            }
        }

        return warning;
    }
}
