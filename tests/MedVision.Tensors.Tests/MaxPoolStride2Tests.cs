namespace MedVision.Tensors.Tests;

/// <summary>The vector path of stride-2 max pooling (8 windows at a time) against the scalar loop, ties and NaN included.</summary>
[Collection(ThreadSettingGroup.Name)]
public sealed class MaxPoolStride2Tests
{
    [Theory]
    [InlineData(3, 2, 1, false, 112, 112)]   // resnet's stem pool
    [InlineData(3, 2, 1, true, 37, 45)]
    [InlineData(3, 2, 0, false, 40, 41)]
    [InlineData(2, 2, 1, false, 33, 34)]     // 2×2 with padding: not the 2×2 kernel's case
    [InlineData(5, 2, 2, true, 29, 50)]
    [InlineData(4, 2, 2, false, 20, 60)]
    public void Stride2_GivesTheScalarLoopsValuesAndGradient(int kernel, int stride, int padding, bool ceil, int h, int w)
    {
        var gen = new Generator(31);
        var x = Tensor.Uniform(gen, -3f, 3f, 2, 3, h, w);
        var data = x.Data;
        for (var i = 0; i < data.Length; i++)
        {
            // Small integers, so that windows hold ties; a few NaN and −∞.
            data[i] = MathF.Round(data[i]);
            if (i % 97 == 13)
            {
                data[i] = float.NaN;
            }
            else if (i % 89 == 7)
            {
                data[i] = float.NegativeInfinity;
            }
        }

        var (vectorY, vectorGrad) = Run(x, kernel, stride, padding, ceil, scalar: false);
        var (scalarY, scalarGrad) = Run(x, kernel, stride, padding, ceil, scalar: true);
        Assert.Equal(scalarY.Length, vectorY.Length);
        for (var i = 0; i < scalarY.Length; i++)
        {
            Assert.True(scalarY[i].Equals(vectorY[i]), $"output {i}: scalar {scalarY[i]}, vector {vectorY[i]}");
        }

        Assert.Equal(scalarGrad, vectorGrad);
    }

    private static (float[] Y, float[] Grad) Run(Tensor x, int kernel, int stride, int padding, bool ceil, bool scalar)
    {
        var leaf = x.Clone();
        leaf.RequiresGrad = true;
        try
        {
            Ops.DisableVectorMaxPool = scalar;
            var y = Ops.MaxPool2d(leaf, kernel, stride, padding, ceil);
            // Distinct upstream values, so that a gradient sent to another tap changes dX.
            var dY = Tensor.From([.. Enumerable.Range(1, y.Length).Select(i => (float)i)], y.ShapeArray());
            y.Backward(dY);
            return (y.ToArray(), leaf.Grad!.ToArray());
        }
        finally
        {
            Ops.DisableVectorMaxPool = false;
        }
    }

    [Fact]
    public void Stride2_WithoutGrad_GivesTheScalarLoopsValues()
    {
        var x = Tensor.Uniform(new Generator(32), -2f, 2f, 2, 4, 45, 51);
        x.Data[77] = float.NaN;
        float[] Pool(bool scalar)
        {
            try
            {
                Ops.DisableVectorMaxPool = scalar;
                using (Autograd.GradMode.NoGrad())
                {
                    return Ops.MaxPool2d(x, 3, 2, 1).ToArray();
                }
            }
            finally
            {
                Ops.DisableVectorMaxPool = false;
            }
        }

        var (vector, scalar) = (Pool(false), Pool(true));
        Assert.Equal(scalar.Length, vector.Length);
        Assert.All(scalar.Zip(vector), p => Assert.True(p.First.Equals(p.Second), $"{p.First} vs {p.Second}"));
    }
}
