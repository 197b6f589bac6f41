using BenchmarkDotNet.Attributes;
using MedVision.Nn;
using MedVision.Nn.Zoo;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Benchmarks.Nn;

/// <summary>
/// Evaluation-mode inference of the zoo's <c>resnet18</c> on a batch of 16 RGB 224×224 images (≈ 1.82 GFLOP
/// multiply-adds per image, i.e. ≈ 58 GFLOP per batch), the bar beside PyTorch's <c>torchvision.models.resnet18</c>.
/// </summary>
[MemoryDiagnoser]
public class ResNetInferenceBenchmarks
{
    private Module _model = new Identity();
    private Tensor _x = Tensor.Zeros(1);

    [Params(16)]
    public int Batch { get; set; } = 16;

    [Params(2)]
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = Threads;
        _model = ModelZoo.Create("resnet18", 3, 224, 224, outputs: 1000, seed: 0);
        _model.Eval();
        _x = Tensor.Uniform(new Generator(1), -1f, 1f, Batch, 3, 224, 224);
    }

    [Benchmark]
    public Tensor Forward()
    {
        using var noGrad = GradMode.NoGrad();
        return _model.Forward(_x);
    }
}
