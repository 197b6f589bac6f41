using MedVision.Imaging.Io.Jpeg;

namespace MedVision.Imaging.Tests.Io.Jpeg;

/// <summary>
/// The vector kernels against their scalar references: the AVX2 islow IDCT against the line-by-line port of
/// jidctint.c, and the vectorised YCbCr → RGB at every length 0…257 against one-sample (scalar) calls. The
/// references themselves are pinned to libjpeg by the Pillow fixtures of <see cref="JpegReaderTests"/>.
/// </summary>
public class JpegKernelTests
{
    [Fact]
    public void Idct_VectorEqualsScalar_OnRandomBlocks()
    {
        var rng = new Random(7);
        var coefficients = new short[64];
        var quant = new ushort[64];
        var vector = new ushort[8 * 11];
        var scalar = new ushort[8 * 11];
        for (var trial = 0; trial < 2000; trial++)
        {
            Array.Clear(coefficients);
            for (var i = 0; i < 64; i++)
            {
                quant[i] = (ushort)rng.Next(1, trial % 4 == 0 ? 3 : 100);
            }

            // Sparse blocks like real data, plus dense ones; dequantised magnitudes stay within 8-bit JPEG's ±2^11.
            var count = trial % 3 == 0 ? 64 : rng.Next(0, 12);
            for (var n = 0; n < count; n++)
            {
                var k = rng.Next(64);
                coefficients[k] = (short)(rng.Next(-2048, 2048) / quant[k]);
            }

            JpegIdct.Transform(coefficients, quant, vector, 11, 8);
            JpegIdct.TransformScalar(coefficients, quant, scalar, 11, 8);
            Assert.Equal(scalar, vector);
        }
    }

    [Fact]
    public void Idct_DcOnly_IsFlatBlock()
    {
        // A DC of 80 with unit quantisation is a mean of 80/8 = 10 above mid-grey in every sample.
        var coefficients = new short[64];
        coefficients[0] = 80;
        var quant = Enumerable.Repeat((ushort)1, 64).ToArray();
        var output = new ushort[64];
        JpegIdct.Transform(coefficients, quant, output, 8, 8);
        Assert.All(output, v => Assert.Equal(138, v));
        JpegIdct.Transform(coefficients, quant, output, 8, 12);
        Assert.All(output, v => Assert.Equal(2058, v));
    }

    [Fact]
    public void YCbCrToRgb_AllLengths_MatchScalarPath()
    {
        var rng = new Random(3);
        for (var length = 0; length <= 257; length++)
        {
            var planes = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, length).Select(_ => (ushort)rng.Next(256)).ToArray()).ToArray();
            var vector = planes.Select(p => (ushort[])p.Clone()).ToArray();
            JpegColor.YCbCrToRgb(vector[0], vector[1], vector[2], 8);
            for (var i = 0; i < length; i++)
            {
                JpegColor.YCbCrToRgb(planes[0].AsSpan(i, 1), planes[1].AsSpan(i, 1), planes[2].AsSpan(i, 1), 8);
            }

            Assert.Equal(planes[0], vector[0]);
            Assert.Equal(planes[1], vector[1]);
            Assert.Equal(planes[2], vector[2]);
        }
    }

    [Fact]
    public void YCbCrToRgb_KnownValues()
    {
        // Red, green and blue as a JFIF encoder stores them (each one step off after rounding), and 12-bit mid-grey.
        ushort[] y = [76, 150, 29], cb = [85, 44, 255], cr = [255, 21, 107];
        JpegColor.YCbCrToRgb(y, cb, cr, 8);
        Assert.Equal([254, 0, 0], [y[0], cb[0], cr[0]]);
        Assert.Equal([0, 255, 1], [y[1], cb[1], cr[1]]);
        Assert.Equal([0, 0, 254], [y[2], cb[2], cr[2]]);
        ushort[] g = [2048], gb = [2048], gr = [2048];
        JpegColor.YCbCrToRgb(g, gb, gr, 12);
        Assert.Equal([2048, 2048, 2048], [g[0], gb[0], gr[0]]);
    }
}
