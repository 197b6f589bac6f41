using BenchmarkDotNet.Attributes;
using MedVision.Tensors;

namespace MedVision.Benchmarks.Tensors;

/// <summary>
/// One training step (forward, BCE loss, backward) of the seeds/000 CNN built from tensor ops alone, batch 32 of
/// 1×60×60: conv 1→32, pool, 32→64, pool, dropout, 64→128, pool, dropout, 128→128, pool, flatten, dropout,
/// dense 1152→256→128→1. PyTorch 1.13 (2 threads) needs 3.2–3.4 s per 638-image epoch, i.e. ≈ 160 ms per step.
/// </summary>
[MemoryDiagnoser]
public class SeedCnnStepBenchmarks
{
    private readonly Generator _dropout = new(5);
    private Tensor[] _p = [];
    private Tensor _x = Tensor.Zeros(1);
    private Tensor _y = Tensor.Zeros(1);

    [Params(2)]
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = Threads;
        var g = new Generator(1);
        int[][] shapes = [[32, 1, 3, 3], [32], [64, 32, 3, 3], [64], [128, 64, 3, 3], [128], [128, 128, 3, 3], [128], [256, 1152], [256], [128, 256], [128], [1, 128], [1]];
        _p = shapes.Select(s =>
        {
            var t = Tensor.Uniform(g, -0.05f, 0.05f, s);
            t.RequiresGrad = true;
            return t;
        }).ToArray();
        _x = Tensor.Uniform(g, 0f, 1f, 32, 1, 60, 60);
        _y = Tensor.From(Enumerable.Range(0, 32).Select(i => (float)(i % 2)).ToArray(), 32, 1);
    }

    [Benchmark]
    public float TrainStep()
    {
        var p = _p;
        using var scope = TensorScope.Begin();
        var h = Ops.MaxPool2d(Ops.Relu(Ops.Conv2d(_x, p[0], p[1], padding: 1)), 2);
        h = Ops.MaxPool2d(Ops.Relu(Ops.Conv2d(h, p[2], p[3], padding: 1)), 2);
        h = Ops.Dropout(h, 0.25f, training: true, _dropout);
        h = Ops.MaxPool2d(Ops.Relu(Ops.Conv2d(h, p[4], p[5], padding: 1)), 2);
        h = Ops.Dropout(h, 0.25f, training: true, _dropout);
        h = Ops.MaxPool2d(Ops.Relu(Ops.Conv2d(h, p[6], p[7], padding: 1)), 2);
        h = Ops.Dropout(Ops.Flatten(h, 1), 0.5f, training: true, _dropout);
        h = Ops.Relu(Ops.Linear(h, p[8], p[9]));
        h = Ops.Relu(Ops.Linear(h, p[10], p[11]));
        var loss = Ops.BinaryCrossEntropyWithLogits(Ops.Linear(h, p[12], p[13]), _y);
        loss.Backward();
        foreach (var t in p)
        {
            t.ZeroGrad();
        }

        return loss.Item();
    }
}
