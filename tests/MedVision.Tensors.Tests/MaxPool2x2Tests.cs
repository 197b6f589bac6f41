using MedVision.Tensors.Kernels;

namespace MedVision.Tensors.Tests;

public class MaxPool2x2Tests
{
    public static TheoryData<int, int> Sizes => new()
    {
        { 2, 2 }, { 3, 5 }, { 7, 7 }, { 6, 15 }, { 9, 16 }, { 4, 17 }, { 8, 31 }, { 5, 32 }, { 6, 33 }, { 60, 60 }, { 4, 95 },
    };

    /// <summary>
    /// The AVX-512 path (16 windows), the AVX2 path (8 windows; forced where AVX-512 is supported), each with an
    /// overlapping last block, and the scalar loop give the same maxima, codes and gradients.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void VectorAndScalarPaths_AgreeWithANaiveReference_OnTiesAndNaN(int h, int w)
    {
        var g = new Generator(21);
        var x = new float[h * w];
        for (var i = 0; i < x.Length; i++)
        {
            // Coarse values make ties common; a few NaNs test propagation.
            x[i] = MathF.Round((g.NextSingle() * 6f) - 3f);
            if (g.NextSingle() < 0.03f)
            {
                x[i] = float.NaN;
            }
        }

        int oh = h / 2, ow = w / 2;
        var dy = new float[oh * ow];
        for (var i = 0; i < dy.Length; i++)
        {
            dy[i] = g.NextSingle() + 0.5f;
        }

        var (expectedY, expectedCode) = Naive(x, h, w);
        foreach (var (scalar, avx2) in new[] { (false, false), (false, true), (true, false) })
        {
            var saved = (MaxPool2x2.DisableVector, MaxPool2x2.DisableAvx512);
            (MaxPool2x2.DisableVector, MaxPool2x2.DisableAvx512) = (scalar, avx2);
            try
            {
                var y = new float[oh * ow];
                var code = new byte[oh * ow];
                MaxPool2x2.Forward(x, h, w, y, code);
                Assert.Equal(expectedCode, code);
                for (var i = 0; i < y.Length; i++)
                {
                    Assert.True(expectedY[i].Equals(y[i]), $"output {i}: expected {expectedY[i]}, got {y[i]} (scalar {scalar})");
                }

                var dx = Enumerable.Repeat(float.NaN, h * w).ToArray();
                MaxPool2x2.Backward(dy, code, h, w, dx);
                for (var r = 0; r < h; r++)
                {
                    for (var c = 0; c < w; c++)
                    {
                        var inside = r / 2 < oh && c / 2 < ow;
                        var o = ((r / 2) * ow) + (c / 2);
                        var expected = inside && expectedCode[o] == ((r % 2) * 2) + (c % 2) ? dy[o] : 0f;
                        Assert.Equal(expected, dx[(r * w) + c]);
                    }
                }
            }
            finally
            {
                (MaxPool2x2.DisableVector, MaxPool2x2.DisableAvx512) = saved;
            }
        }
    }

    private static (float[] Y, byte[] Code) Naive(float[] x, int h, int w)
    {
        int oh = h / 2, ow = w / 2;
        var y = new float[oh * ow];
        var code = new byte[oh * ow];
        for (var i = 0; i < oh; i++)
        {
            for (var j = 0; j < ow; j++)
            {
                var best = x[(2 * i * w) + (2 * j)];
                byte at = 0;
                for (byte k = 1; k < 4; k++)
                {
                    var v = x[(((2 * i) + (k / 2)) * w) + (2 * j) + (k % 2)];
                    if (!float.IsNaN(best) && (v > best || float.IsNaN(v)))
                    {
                        (best, at) = (v, k);
                    }
                }

                (y[(i * ow) + j], code[(i * ow) + j]) = (best, at);
            }
        }

        return (y, code);
    }
}
