using MedVision.Testing;

namespace MedVision.Imaging.Tests;

/// <summary>Loads 2-D fixture arrays as one-channel images and compares images with a tolerance.</summary>
internal static class FixtureImages
{
    public static Image Load(string area, string file)
    {
        var npy = NpyFixture.Load("imaging", area, file);
        return npy.Shape.Length switch
        {
            2 => new Image(1, npy.Shape[0], npy.Shape[1], npy.AsFloat()),
            3 => new Image(npy.Shape[0], npy.Shape[1], npy.Shape[2], npy.AsFloat()),
            _ => throw new InvalidDataException($"{file}: expected a 2-D or 3-D array"),
        };
    }

    /// <summary>Asserts |expected − actual| ≤ atol + rtol·|expected| everywhere, naming the first bad pixel.</summary>
    public static void AssertClose(Image expected, Image actual, double atol, double rtol = 0)
    {
        Assert.Equal((expected.Channels, expected.Height, expected.Width), (actual.Channels, actual.Height, actual.Width));
        for (var i = 0; i < expected.Data.Length; i++)
        {
            var e = expected.Data[i];
            var a = actual.Data[i];
            if (!(Math.Abs(e - a) <= atol + (rtol * Math.Abs(e))))
            {
                var x = i % expected.Width;
                var y = i / expected.Width % expected.Height;
                Assert.Fail($"pixel (y={y}, x={x}) of {expected.Data.Length}: expected {e}, got {a}");
            }
        }
    }

    /// <summary>Asserts bit-exact equality.</summary>
    public static void AssertEqual(Image expected, Image actual) => AssertClose(expected, actual, 0);
}
