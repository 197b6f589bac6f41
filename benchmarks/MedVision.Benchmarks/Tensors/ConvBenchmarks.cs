using BenchmarkDotNet.Attributes;
using MedVision.Tensors;

namespace MedVision.Benchmarks.Tensors;

/// <summary>
/// The four 3×3 convolutions of the seeds/000 CNN at batch 32 (padding 1): forward alone and forward + backward
/// (dX, dW, db). FLOP per forward = 2·32·Cout·H·W·Cin·9; backward ≈ 2× that (1× for the first layer, which has no dX
/// in training but computes it here).
/// </summary>
[MemoryDiagnoser]
public class ConvBenchmarks
{
    private Tensor _x = Tensor.Zeros(1);
    private Tensor _w = Tensor.Zeros(1);
    private Tensor _b = Tensor.Zeros(1);
    private Tensor _ones = Tensor.Zeros(1);

    [Params("1-32@60", "32-64@30", "64-128@15", "128-128@7")]
    public string Layer { get; set; } = "32-64@30";

    [Params(2)]
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = Threads;
        var parts = Layer.Split('@');
        var channels = parts[0].Split('-').Select(int.Parse).ToArray();
        var size = int.Parse(parts[1]);
        var g = new Generator(1);
        _x = Tensor.Uniform(g, -1f, 1f, 32, channels[0], size, size);
        _w = Tensor.Uniform(g, -0.1f, 0.1f, channels[1], channels[0], 3, 3);
        _b = Tensor.Uniform(g, -0.1f, 0.1f, channels[1]);
        _x.RequiresGrad = _w.RequiresGrad = _b.RequiresGrad = true;
        _ones = Tensor.Ones(32, channels[1], size, size);
    }

    [Benchmark]
    public Tensor Forward()
    {
        using var noGrad = MedVision.Tensors.Autograd.GradMode.NoGrad();
        return Ops.Conv2d(_x, _w, _b, padding: 1);
    }

    [Benchmark]
    public void ForwardBackward()
    {
        Ops.Conv2d(_x, _w, _b, padding: 1).Backward(_ones);
        _x.ZeroGrad();
        _w.ZeroGrad();
        _b.ZeroGrad();
    }
}
