using BenchmarkDotNet.Attributes;
using MedVision.Tensors;
using MedVision.Tensors.Kernels;

namespace MedVision.Benchmarks.Tensors;

/// <summary>
/// SGEMM on the shapes of docs/reference-results (OpenBLAS through NumPy: 172 GFLOP/s on 2048³, 156 on 1024³,
/// 151 on 128×7200×576, 121 on 64×28800×288 with 2 threads) and the transposed shapes of the seed-cnn's
/// second convolution backward. GFLOP/s = 2·m·n·k / mean time.
/// </summary>
[MemoryDiagnoser]
public class SgemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    [Params("1024x1024x1024", "128x7200x576", "64x28800x288", "64x288x28800:tB", "288x28800x64:tA")]
    public string Shape { get; set; } = "1024x1024x1024";

    [Params(2)]
    public int Threads { get; set; } = 2;

    private (int M, int N, int K, bool TransA, bool TransB) Parsed
    {
        get
        {
            var parts = Shape.Split(':');
            var dims = parts[0].Split('x').Select(int.Parse).ToArray();
            var flags = parts.Length > 1 ? parts[1] : string.Empty;
            return (dims[0], dims[1], dims[2], flags.Contains('A', StringComparison.Ordinal), flags.Contains('B', StringComparison.Ordinal));
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = Threads;
        var (m, n, k, _, _) = Parsed;
        var g = new Generator(1);
        _a = new float[m * k];
        _b = new float[k * n];
        _c = new float[m * n];
        g.FillUniform(_a, -1f, 1f);
        g.FillUniform(_b, -1f, 1f);
    }

    [Benchmark]
    public void Multiply()
    {
        var (m, n, k, ta, tb) = Parsed;
        Sgemm.Multiply(ta, tb, m, n, k, 1f, _a, ta ? m : k, _b, tb ? k : n, 0f, _c, n);
    }
}
