using BenchmarkDotNet.Attributes;
using MedVision.Tensors;

namespace MedVision.Benchmarks.Tensors;

/// <summary>
/// The distinct convolutions of resnet18 at 224² and batch 16 (no bias, as in the network): forward alone and
/// forward + backward (dX except for conv1, whose input needs none, and dW). The PyTorch counterpart is
/// <c>benchmarks/peers/conv_layers_resnet18_torch.py</c>, which times the same shapes the same way.
/// </summary>
[MemoryDiagnoser]
public class ResNet18ConvBenchmarks
{
    private Tensor _x = Tensor.Zeros(1);
    private Tensor _w = Tensor.Zeros(1);
    private Tensor _ones = Tensor.Zeros(1);
    private int _stride;
    private int _padding;

    /// <summary>Cin-Cout@H k kernel s stride, as in the peer script.</summary>
    [Params("3-64@224k7s2", "64-64@56k3s1", "64-128@56k3s2", "64-128@56k1s2", "128-128@28k3s1", "128-256@28k3s2",
        "256-256@14k3s1", "256-512@14k3s2", "512-512@7k3s1")]
    public string Layer { get; set; } = "64-64@56k3s1";

    [Params(2)]
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = Threads;
        var at = Layer.Split('@');
        var channels = at[0].Split('-').Select(int.Parse).ToArray();
        var rest = at[1].Split('k', 's');
        var (size, kernel) = (int.Parse(rest[0]), int.Parse(rest[1]));
        _stride = int.Parse(rest[2]);
        _padding = kernel / 2;
        var g = new Generator(1);
        _x = Tensor.Uniform(g, -1f, 1f, 16, channels[0], size, size);
        _w = Tensor.Uniform(g, -0.1f, 0.1f, channels[1], channels[0], kernel, kernel);
        _x.RequiresGrad = channels[0] != 3;
        _w.RequiresGrad = true;
        var outSize = ((size + (2 * _padding) - kernel) / _stride) + 1;
        _ones = Tensor.Ones(16, channels[1], outSize, outSize);
    }

    [Benchmark]
    public Tensor Forward()
    {
        using var noGrad = MedVision.Tensors.Autograd.GradMode.NoGrad();
        return Ops.Conv2d(_x, _w, null, _stride, _padding);
    }

    [Benchmark]
    public void ForwardBackward()
    {
        Ops.Conv2d(_x, _w, null, _stride, _padding).Backward(_ones);
        _x.ZeroGrad();
        _w.ZeroGrad();
    }
}
