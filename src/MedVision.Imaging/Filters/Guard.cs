using System.Globalization;

namespace MedVision.Imaging;

/// <summary>Argument checks whose messages name the argument, what was expected and what was received.</summary>
internal static class Guard
{
    public static void AtLeast(int value, int min, string name)
    {
        if (value < min)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be ≥ {min}, got {value}");
        }
    }

    public static void Odd(int value, string name)
    {
        if (value < 1 || value % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive odd number, got {value}");
        }
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number > 0, got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0, got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public static void SameShape(Image a, Image b, string nameA, string nameB)
    {
        ArgumentNullException.ThrowIfNull(a, nameA);
        ArgumentNullException.ThrowIfNull(b, nameB);
        if (a.Channels != b.Channels || a.Height != b.Height || a.Width != b.Width)
        {
            throw new ArgumentException(
                $"{nameA} and {nameB} must have the same shape, got {a.Channels}×{a.Height}×{a.Width} and {b.Channels}×{b.Height}×{b.Width}", nameB);
        }
    }
}
