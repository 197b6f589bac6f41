using MedVision.Testing;

namespace MedVision.Evaluation.Tests;

/// <summary>Loads <c>tests/fixtures/evaluation/NAME.npy</c> and asserts closeness.</summary>
internal static class Fixture
{
    public static double[] D(string name) => NpyFixture.Load("evaluation", name + ".npy").Values;

    public static int[] I(string name) => NpyFixture.Load("evaluation", name + ".npy").AsInt();

    public static void Equal(double[] expected, double[] actual, double tolerance = 1e-12, string what = "")
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            Close(expected[i], actual[i], tolerance, $"{what}[{i}]");
        }
    }

    public static void Close(double expected, double actual, double tolerance = 1e-12, string what = "")
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            Assert.True(double.IsNaN(expected) && double.IsNaN(actual), $"{what}: {actual}, expected {expected}");
            return;
        }

        if (double.IsInfinity(expected))
        {
            Assert.True(expected == actual, $"{what}: {actual}, expected {expected}");
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1.0, Math.Abs(expected)), $"{what}: {actual:R}, expected {expected:R}");
    }
}
