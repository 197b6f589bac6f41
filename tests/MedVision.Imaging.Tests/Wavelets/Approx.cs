namespace MedVision.Imaging.Tests.Wavelets;

/// <summary>Element-wise comparison with a tolerance scaled by max(1, |expected|), reporting the first mismatch.</summary>
internal static class Approx
{
    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string context)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: expected {expected.Length} values, got {actual.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a))
            {
                continue;
            }

            var bound = tolerance * Math.Max(1, Math.Abs(e));
            Assert.True(Math.Abs(e - a) <= bound, $"{context}: element {i} expected {e:R}, got {a:R} (tolerance {bound:G3})");
        }
    }
}
