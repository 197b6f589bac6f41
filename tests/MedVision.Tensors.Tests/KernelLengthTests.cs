using MedVision.Tensors.Kernels;

namespace MedVision.Tensors.Tests;

/// <summary>Vector kernels at every length 0…257, so each SIMD remainder is covered.</summary>
public sealed class KernelLengthTests
{
    public static TheoryData<int> Lengths() => [.. Enumerable.Range(0, 258)];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void LeakyReluBackward_MatchesScalarRule(int n)
    {
        var g = new Generator((ulong)n + 1);
        var x = new float[n];
        var grad = new float[n];
        g.FillUniform(x, -1f, 1f);
        g.FillUniform(grad, -1f, 1f);
        var dst = new float[n + 1];
        dst[n] = 42f;
        Elementwise.LeakyReluBackward(x, grad, 0.2f, dst.AsSpan(0, n));
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(x[i] > 0 ? grad[i] : 0.2f * grad[i], dst[i]);
        }

        Assert.Equal(42f, dst[n]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ElementwiseOps_AndSum_MatchScalar(int n)
    {
        var g = new Generator((ulong)n + 100);
        var a = Tensor.Uniform(g, -2f, 2f, n);
        var b = Tensor.Uniform(g, 0.5f, 2f, n);
        var sum = Ops.Add(a, b).ToArray();
        var quotient = Ops.Div(a, b).ToArray();
        var relu = Ops.Relu(a).ToArray();
        var sigmoid = Ops.Sigmoid(a).ToArray();
        var total = Ops.Sum(a).Item();
        var expectedTotal = 0.0;
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(a.Data[i] + b.Data[i], sum[i]);
            Assert.Equal(a.Data[i] / b.Data[i], quotient[i]);
            Assert.Equal(Math.Max(a.Data[i], 0f), relu[i]);
            Assert.Equal(1.0 / (1.0 + Math.Exp(-a.Data[i])), sigmoid[i], 1e-6);
            expectedTotal += a.Data[i];
        }

        Assert.Equal(expectedTotal, total, 1e-4);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(7, 9)]
    [InlineData(60, 60)]
    [InlineData(3, 257)]
    public void MaxPool2x2_MatchesNaiveWindowMaximum_AndPropagatesNaN(int h, int w)
    {
        var g = new Generator(11);
        var x = Tensor.Uniform(g, -1f, 1f, 2, 3, h, w);
        x.Data[0] = float.NaN;
        var y = Ops.MaxPool2d(x, 2);
        int oh = h / 2, ow = w / 2;
        Assert.Equal([2, 3, oh, ow], y.ShapeArray());
        for (var p = 0; p < 6; p++)
        {
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var best = float.NegativeInfinity;
                    foreach (var (di, dj) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
                    {
                        var v = x.Data[(p * h * w) + (((2 * i) + di) * w) + (2 * j) + dj];
                        best = float.IsNaN(best) || float.IsNaN(v) ? float.NaN : Math.Max(best, v);
                    }

                    Assert.Equal(best, y.Data[(p * oh * ow) + (i * ow) + j]);
                }
            }
        }

        Assert.True(float.IsNaN(y.Data[0]));
    }
}
