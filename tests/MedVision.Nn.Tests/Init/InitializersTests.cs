using System.Text.Json;
using MedVision.Nn.Init;
using MedVision.Tensors;
using MedVision.Testing;

namespace MedVision.Nn.Tests.Init;

public sealed class InitializersTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("nn", "init.json"))).RootElement;

    private static IEnumerable<(int[] Shape, JsonElement Case)> Cases() =>
        Fixture.GetProperty("fans").EnumerateArray().Select(c => (c.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(), c));

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void CalculateFans_MatchTorch()
    {
        foreach (var (shape, c) in Cases())
        {
            var (fanIn, fanOut) = Initializers.CalculateFans(shape);
            Assert.Equal(c.GetProperty("fan_in").GetInt32(), fanIn);
            Assert.Equal(c.GetProperty("fan_out").GetInt32(), fanOut);
        }
    }

    [Fact]
    public void CalculateFans_OneDimension_IsError()
    {
        var e = Assert.Throws<ArgumentException>(() => Initializers.CalculateFans([5]));
        Assert.Contains("at least 2 dimensions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CalculateGain_MatchesTorch()
    {
        var g = Fixture.GetProperty("gains");
        Close(g.GetProperty("linear").GetDouble(), Initializers.CalculateGain(Nonlinearity.Linear), 1e-15, "linear");
        Close(g.GetProperty("conv2d").GetDouble(), Initializers.CalculateGain(Nonlinearity.Conv), 1e-15, "conv");
        Close(g.GetProperty("sigmoid").GetDouble(), Initializers.CalculateGain(Nonlinearity.Sigmoid), 1e-15, "sigmoid");
        Close(g.GetProperty("tanh").GetDouble(), Initializers.CalculateGain(Nonlinearity.Tanh), 1e-15, "tanh");
        Close(g.GetProperty("relu").GetDouble(), Initializers.CalculateGain(Nonlinearity.Relu), 1e-15, "relu");
        Close(g.GetProperty("leaky_relu").GetDouble(), Initializers.CalculateGain(Nonlinearity.LeakyRelu), 1e-15, "leaky");
        Close(g.GetProperty("leaky_relu_0.2").GetDouble(), Initializers.CalculateGain(Nonlinearity.LeakyRelu, 0.2), 1e-15, "leaky 0.2");
        Close(g.GetProperty("leaky_relu_sqrt5").GetDouble(), Initializers.CalculateGain(Nonlinearity.LeakyRelu, Math.Sqrt(5)), 1e-15, "leaky √5");
        Close(g.GetProperty("selu").GetDouble(), Initializers.CalculateGain(Nonlinearity.Selu), 1e-15, "selu");
    }

    /// <summary>Uniform samples: inside the bound, the extremes reach it, mean ≈ 0 and variance ≈ b²/3.</summary>
    private static void AssertUniform(float[] w, double bound, string what)
    {
        var max = w.Max(v => Math.Abs(v));
        Assert.True(max <= bound * (1 + 1e-6), $"{what}: |w| reached {max}, bound {bound}");
        Assert.True(max >= bound * 0.99, $"{what}: |w| only reached {max}, bound {bound}");
        AssertMoments(w, bound * bound / 3, what);
    }

    private static void AssertMoments(float[] w, double variance, string what)
    {
        var mean = w.Average(v => (double)v);
        var observed = w.Sum(v => (v - mean) * (v - mean)) / w.Length;
        Assert.True(Math.Abs(mean) < 5 * Math.Sqrt(variance / w.Length), $"{what}: mean {mean}");
        // Five standard errors of a variance estimate (relative SE ≤ √(2/n) for these distributions).
        Close(variance, observed, 5 * Math.Sqrt(2.0 / w.Length), $"{what} variance");
    }

    [Fact]
    public void Uniform_Initialisers_HaveTorchBoundsAndMoments()
    {
        foreach (var (shape, c) in Cases().Where(c => c.Shape.Aggregate(1, (a, b) => a * b) >= 2000))
        {
            var n = shape.Aggregate(1, (a, b) => a * b);
            var w = new float[n];
            var bias = new float[shape[0]];
            Initializers.DefaultLayer(w, shape, bias, new Generator(1));
            AssertUniform(w, c.GetProperty("default_bound").GetDouble(), $"default {string.Join('x', shape)}");
            Assert.All(bias, b => Assert.InRange(Math.Abs(b), 0, c.GetProperty("default_bound").GetDouble()));

            Initializers.KaimingUniform(w, shape, new Generator(2));
            AssertUniform(w, c.GetProperty("kaiming_uniform_bound").GetDouble(), "kaiming uniform");

            Initializers.XavierUniform(w, shape, new Generator(3));
            AssertUniform(w, c.GetProperty("xavier_uniform_bound").GetDouble(), "xavier uniform");
        }
    }

    [Fact]
    public void Normal_Initialisers_HaveTorchStandardDeviations()
    {
        foreach (var (shape, c) in Cases().Where(c => c.Shape.Aggregate(1, (a, b) => a * b) >= 2000))
        {
            var w = new float[shape.Aggregate(1, (a, b) => a * b)];
            Initializers.KaimingNormal(w, shape, new Generator(4), mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
            var std = c.GetProperty("kaiming_normal_std_fan_out_relu").GetDouble();
            AssertMoments(w, std * std, "kaiming normal");

            Initializers.XavierNormal(w, shape, new Generator(5), Initializers.CalculateGain(Nonlinearity.Tanh));
            std = c.GetProperty("xavier_normal_std_tanh").GetDouble();
            AssertMoments(w, std * std, "xavier normal");
        }
    }

    [Fact]
    public void DefaultLayer_BoundEqualsTorchConv2dBound()
    {
        var torch = Fixture.GetProperty("torch_conv");
        var w = new float[64 * 32 * 9];
        Initializers.DefaultLayer(w, [64, 32, 3, 3], new float[64], new Generator(9));

        var bound = torch.GetProperty("conv_weight_bound").GetDouble();
        Assert.True(w.Max(v => Math.Abs(v)) <= bound);
        Close(torch.GetProperty("conv_weight_max").GetDouble(), w.Max(v => Math.Abs(v)), 0.01, "largest |w| of torch's and ours");
    }

    [Fact]
    public void SameSeed_SameBytes_DifferentSeed_DifferentBytes()
    {
        var a = new float[1000];
        var b = new float[1000];
        var c = new float[1000];
        Initializers.KaimingNormal(a, [10, 100], new Generator(42));
        Initializers.KaimingNormal(b, [10, 100], new Generator(42));
        Initializers.KaimingNormal(c, [10, 100], new Generator(43));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void WrongLength_IsErrorNamingShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Initializers.XavierUniform(new float[5], [2, 3], new Generator(0)));
        Assert.Contains("6 elements", e.Message, StringComparison.Ordinal);
    }
}
