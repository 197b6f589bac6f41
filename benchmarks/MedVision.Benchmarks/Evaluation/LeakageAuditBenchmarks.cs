using BenchmarkDotNet.Attributes;
using MedVision.Evaluation;

namespace MedVision.Benchmarks.Evaluation;

/// <summary>
/// The leakage audit on 800 synthetic 60×60 patches (the size of data/mammo_micro): SHA-256, 32×32 reduction and pHash per
/// image, all-pairs Hamming distances and correlation checks of the candidates.
/// Run: <c>dotnet run -c Release --project benchmarks/MedVision.Benchmarks -- --filter '*LeakageAuditBenchmarks*'</c>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class LeakageAuditBenchmarks
{
    private List<AuditSample> _samples = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _samples = [];
        for (var k = 0; k < 800; k++)
        {
            var data = new float[60 * 60];
            var (cx, cy) = (random.NextDouble() * 60, random.NextDouble() * 60);
            for (var i = 0; i < data.Length; i++)
            {
                var (x, y) = (i % 60, i / 60);
                data[i] = (float)(100 * Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 200.0) + 10 * random.NextDouble());
            }

            _samples.Add(new AuditSample($"s{k}", $"g{k / 4}", k % 5 == 0 ? "test" : "train", k % 2, () => new AuditPixels(60, 60, data)));
        }
    }

    [Benchmark]
    public int Audit() => LeakageAudit.Run(_samples).NearDuplicates.Count;
}
