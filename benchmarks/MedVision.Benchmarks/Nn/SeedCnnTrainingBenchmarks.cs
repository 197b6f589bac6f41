using BenchmarkDotNet.Attributes;
using MedVision.Nn;
using MedVision.Nn.Losses;
using MedVision.Nn.Optim;
using MedVision.Nn.Zoo;
using MedVision.Tensors;

namespace MedVision.Benchmarks.Nn;

/// <summary>
/// One training step of the zoo's <c>seed-cnn</c> (568,449 parameters) through the module layer, as
/// <c>peers/seed000_torch.py</c> runs it: batch of 1×60×60 patches, forward in training mode (dropout on),
/// BCE-with-logits, backward, Adam. Compare with the peer's median epoch time divided by its steps per epoch.
/// </summary>
[MemoryDiagnoser]
public class SeedCnnTrainingBenchmarks
{
    private Module _model = new Identity();
    private Adam? _adam;
    private Tensor _x = Tensor.Zeros(1);
    private Tensor _y = Tensor.Zeros(1);
    private readonly BCEWithLogitsLoss _loss = new();

    [Params(32)]
    public int Batch { get; set; } = 32;

    [Params(2)]
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = Threads;
        _model = ModelZoo.Create("seed-cnn", 1, 60, 60, outputs: 1, seed: 0);
        _adam = new Adam(_model.Parameters(), 1e-3);
        var g = new Generator(1);
        _x = Tensor.Uniform(g, 0f, 1f, Batch, 1, 60, 60);
        _y = Tensor.From([.. Enumerable.Range(0, Batch).Select(i => (float)(i % 2))], Batch);
    }

    [Benchmark]
    public float TrainStep()
    {
        _adam!.ZeroGrad();
        var loss = _loss.Forward(Ops.Reshape(_model.Forward(_x), Batch), _y);
        loss.Backward();
        _adam.Step();
        return loss.Item();
    }
}
