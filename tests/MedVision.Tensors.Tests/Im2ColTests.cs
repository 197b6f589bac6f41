namespace MedVision.Tensors.Tests;

/// <summary>Strided convolutions (rows wide enough for the vector gather) and stride-1 ones (vector row copies), against a direct sum in double.</summary>
public class Im2ColTests
{
    public static TheoryData<int, int, int, int, int, int> Layers => new()
    {
        // channels, width, kernel, stride, padding, dilation
        { 3, 45, 7, 2, 3, 1 },
        { 2, 37, 3, 2, 1, 1 },
        { 2, 64, 1, 2, 0, 1 },
        { 1, 50, 3, 2, 2, 2 },
        { 2, 33, 3, 3, 1, 1 },
        // stride 1 with more than 32 taps (not the direct convolution): rows copied a vector at a time, shorter
        // than a vector, exactly one, and longer with an overlapping tail
        { 4, 7, 3, 1, 1, 1 },
        { 4, 8, 3, 1, 0, 1 },
        { 4, 10, 3, 1, 1, 1 },
        { 2, 21, 5, 1, 2, 1 },
        { 4, 30, 3, 1, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void StridedConvolution_MatchesADirectSum(int channels, int width, int kernel, int stride, int padding, int dilation)
    {
        var g = new Generator(17);
        var x = Tensor.Randn(g, 2, channels, Height, width);
        var w = Tensor.Randn(g, 4, channels, kernel, kernel);
        var y = Ops.Conv2d(x, w, null, stride, padding, dilation);
        var (xs, ws) = (x.ToArray(), w.ToArray());
        var expected = new double[y.Length];
        ForEachTap(channels, width, kernel, stride, padding, dilation, y.Shape[2], y.Shape[3], (yi, xi, wi) => expected[yi] += (double)xs[xi] * ws[wi]);
        AssertClose(expected, y.ToArray(), "y");
    }

    /// <summary>col2im of the same layers (stride-2 rows added into every other input value a vector at a time).</summary>
    [Theory]
    [MemberData(nameof(Layers))]
    public void InputGradient_MatchesADirectSum(int channels, int width, int kernel, int stride, int padding, int dilation)
    {
        var g = new Generator(18);
        var x = Tensor.Randn(g, 2, channels, Height, width);
        x.RequiresGrad = true;
        var w = Tensor.Randn(g, 4, channels, kernel, kernel);
        var y = Ops.Conv2d(x, w, null, stride, padding, dilation);
        var dy = Tensor.Randn(g, y.ShapeArray());
        y.Backward(dy);
        var (ws, dys) = (w.ToArray(), dy.ToArray());
        var expected = new double[x.Length];
        ForEachTap(channels, width, kernel, stride, padding, dilation, y.Shape[2], y.Shape[3], (yi, xi, wi) => expected[xi] += (double)dys[yi] * ws[wi]);
        AssertClose(expected, x.Grad!.ToArray(), "dx");
    }

    private const int Height = 19;

    /// <summary>Every (output, input, weight) index triple of a convolution of 2 samples into 4 channels, padding skipped.</summary>
    private static void ForEachTap(int channels, int width, int kernel, int stride, int padding, int dilation, int outH, int outW, Action<int, int, int> tap)
    {
        for (var n = 0; n < 2; n++)
        {
            for (var co = 0; co < 4; co++)
            {
                for (var oh = 0; oh < outH; oh++)
                {
                    for (var ow = 0; ow < outW; ow++)
                    {
                        for (var c = 0; c < channels; c++)
                        {
                            for (var ki = 0; ki < kernel; ki++)
                            {
                                for (var kj = 0; kj < kernel; kj++)
                                {
                                    var ih = (oh * stride) - padding + (ki * dilation);
                                    var iw = (ow * stride) - padding + (kj * dilation);
                                    if (ih >= 0 && ih < Height && iw >= 0 && iw < width)
                                    {
                                        tap((((n * 4) + co) * outH * outW) + (oh * outW) + ow, (((n * channels) + c) * Height * width) + (ih * width) + iw, (((co * channels) + c) * kernel * kernel) + (ki * kernel) + kj);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void AssertClose(double[] expected, float[] got, string name)
    {
        Assert.Equal(expected.Length, got.Length);
        for (var i = 0; i < got.Length; i++)
        {
            Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-4 * (1 + Math.Abs(expected[i])), $"{name}[{i}]: expected {expected[i]}, got {got[i]}");
        }
    }
}
