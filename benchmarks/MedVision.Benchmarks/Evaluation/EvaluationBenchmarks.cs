using BenchmarkDotNet.Attributes;
using MedVision.Evaluation;

namespace MedVision.Benchmarks.Evaluation;

/// <summary>
/// Costs of the evaluation hot paths on binormal scores (AUC 0.8): ROC AUC, DeLong variance, and the bootstrap of all
/// eleven metrics (1000 stratified resamples, all cores). scikit-learn's <c>roc_auc_score</c> is the reference point
/// (timed by hand with <c>/usr/bin/python3 -m timeit</c>; see docs/evaluation.md).
/// Run: <c>dotnet run -c Release --project benchmarks/MedVision.Benchmarks -- --filter '*EvaluationBenchmarks*'</c>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private int[] _labels = [];
    private double[] _scores = [];
    private double[] _other = [];

    [Params(1_000, 100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _labels = new int[N];
        _scores = new double[N];
        _other = new double[N];
        for (var i = 0; i < N; i++)
        {
            _labels[i] = random.NextDouble() < 0.3 ? 1 : 0;
            _scores[i] = Gaussian(random) + 1.19 * _labels[i];
            _other[i] = 0.7 * _scores[i] + 0.7 * Gaussian(random);
        }
    }

    [Benchmark(Baseline = true)]
    public double RocAuc() => RocCurve.AucOnly(_labels, _scores);

    [Benchmark]
    public int RocCurveWithThresholds() => RocCurve.Compute(_labels, _scores).Fpr.Length;

    [Benchmark]
    public double DeLongPaired() => DeLong.Compare(_labels, _scores, _other).P;

    [Benchmark]
    public double BootstrapAllMetrics()
    {
        if (N > 10_000)
        {
            return double.NaN; // 1000 resamples × 11 metrics at 100k cases is a minutes-long run; measured at 1k only.
        }

        return BinaryMetricEstimates.Compute(_labels, _scores, 0.5, new BootstrapOptions { Resamples = 1000 }).Auc.CiLow;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
