namespace MedVision.Imaging.Augmentation;

/// <summary>Random draws shared by the augmentations.</summary>
internal static class Draw
{
    /// <summary>Uniform on [low, high).</summary>
    public static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    /// <summary>True with probability <paramref name="p"/> (one draw even when p is 0 or 1, so streams stay aligned).</summary>
    public static bool Chance(Random random, double p) => random.NextDouble() < p;

    /// <summary>Standard normal by the Box–Muller transform.</summary>
    public static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static void Probability(double p, string name)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(name, p, $"{name} must be a probability in [0, 1], got {p}");
        }
    }

    public static void Fraction(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1), got {value}");
        }
    }

    /// <summary>Throws unless <paramref name="low"/> ≤ <paramref name="value"/> &lt; <paramref name="high"/>.</summary>
    public static void Within(double value, double low, double high, string name)
    {
        if (!(value >= low && value < high))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{low}, {high}), got {value}");
        }
    }

    /// <summary>Throws unless <paramref name="low"/> ≤ <paramref name="value"/> ≤ <paramref name="high"/>.</summary>
    public static void Within(int value, int low, int high, string name)
    {
        if (value < low || value > high)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be an integer from {low} to {high}, got {value}");
        }
    }

    public static void Range(double low, double high, string name)
    {
        if (!(low <= high) || double.IsInfinity(low) || double.IsInfinity(high))
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be a finite range with low ≤ high, got ({low}, {high})");
        }
    }
}
