using BenchmarkDotNet.Attributes;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;

namespace MedVision.Benchmarks.Nn;

/// <summary>Writing and reading (with full validation) the resnet18 state dict, 46.8 MB of F32 safetensors, in memory.</summary>
[MemoryDiagnoser]
public class SafeTensorsBenchmarks
{
    private WeightDict _weights = new();
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _weights = ModelZoo.Create("resnet18", 3, 224, 224, outputs: 1000).StateDict();
        _bytes = SafeTensors.ToBytes(_weights);
    }

    [Benchmark]
    public byte[] Write() => SafeTensors.ToBytes(_weights);

    [Benchmark]
    public WeightDict Read() => SafeTensors.Read(_bytes);
}
