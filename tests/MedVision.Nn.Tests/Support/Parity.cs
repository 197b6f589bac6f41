using MedVision.Nn.Weights;
using MedVision.Tensors;
using MedVision.Testing;

namespace MedVision.Nn.Tests.Support;

/// <summary>Loads the PyTorch-written safetensors fixtures and compares arrays within PyTorch-parity tolerance.</summary>
internal static class Parity
{
    public static WeightDict Load(params string[] parts) => SafeTensors.Read(RepoPaths.Fixture(["nn", .. parts]));

    public static Tensor ToTensor(WeightTensor w) => MedVision.Tensors.Tensor.From(w.Values, w.Shape);

    /// <summary>|a − e| ≤ atol + rtol·|e| elementwise (defaults 1e-5 and 1e-4).</summary>
    public static void AssertClose(WeightTensor expected, Tensor actual, string what, double rtol = 1e-4, double atol = 1e-5)
    {
        Assert.True(expected.Shape.AsSpan().SequenceEqual(actual.Shape) || (expected.Count == 1 && actual.Length == 1),
            $"{what}: shape {expected.ShapeText} expected, got [{string.Join(", ", actual.ShapeArray())}]");
        AssertClose(expected.Values, actual.Data, what, rtol, atol);
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double rtol = 1e-4, double atol = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.True(Math.Abs(a - e) <= atol + (rtol * Math.Abs(e)), $"{what}[{i}]: expected {e:R}, got {a:R}");
        }
    }
}
