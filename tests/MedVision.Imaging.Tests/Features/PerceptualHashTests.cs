using MedVision.Imaging.Features;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Features;

public sealed class PerceptualHashTests
{
    [Fact]
    public void Hash_EqualsScipyDctRecipe()
    {
        var images = NpyFixture.Load("imaging", "hash", "phash_images.npy").Values;
        var bits = NpyFixture.Load("imaging", "hash", "phash_bits.npy").AsInt();
        for (var k = 0; k < 4; k++)
        {
            var image = images.AsSpan(k * 1024, 1024).ToArray().Select(v => (float)v).ToArray();
            var hash = PerceptualHash.Compute(image);
            for (var b = 0; b < 64; b++)
            {
                Assert.Equal(bits[k * 64 + b], (int)((hash >> b) & 1));
            }

            Assert.Equal(hash, PerceptualHash.Compute(new Image(1, 32, 32, image)));
        }
    }

    [Fact]
    public void Downsample_IsBlockMeanForIntegerFactors_AndAveragesChannels()
    {
        var data = Enumerable.Range(0, 2 * 64 * 64).Select(i => (float)(i % 7)).ToArray();
        var reduced = PerceptualHash.Downsample(new Image(2, 64, 64, data));
        var expected = (data[0] + data[1] + data[64] + data[65] + data[4096] + data[4097] + data[4096 + 64] + data[4096 + 65]) / 8.0;
        Assert.Equal(expected, reduced[0], 5);
        var same = PerceptualHash.Downsample(1, 32, 32, data.AsSpan(0, 1024));
        Assert.Equal(data.AsSpan(0, 1024).ToArray(), same);
    }

    [Fact]
    public void Distance_CountsDifferingBits_AndBadSizesAreRefused()
    {
        Assert.Equal(0, PerceptualHash.Distance(0xF0F0UL, 0xF0F0UL));
        Assert.Equal(3, PerceptualHash.Distance(0b1011UL, 0b0000UL | 0b1000UL << 4 | 0b1000UL));
        Assert.Throws<ArgumentException>(() => PerceptualHash.Downsample(1, 4, 4, new float[15]));
        Assert.Throws<ArgumentException>(() => PerceptualHash.Compute(new float[1023]));
    }
}
