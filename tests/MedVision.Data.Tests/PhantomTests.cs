using MedVision.Data.Synthetic;

namespace MedVision.Data.Tests;

public class PhantomTests
{
    [Fact]
    public void Generate_IsDeterministicForASeed()
    {
        var a = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 4, Seed = 7 });
        var b = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 4, Seed = 7 });
        var c = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 4, Seed = 8 });
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Sample, b[i].Sample);
            Assert.Equal(a[i].Image.Data, b[i].Image.Data);
        }

        Assert.NotEqual(a[0].Image.Data, c[0].Image.Data);
    }

    [Fact]
    public void Generate_BalancesClassesAndGroupsPatchesByRegion()
    {
        var set = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 5, PatchesPerRegion = 3, Size = 48 });
        Assert.Equal(30, set.Count);
        Assert.Equal(15, set.Count(s => s.Sample.Label == 1));
        Assert.All(set.GroupBy(s => s.Sample.Group), g =>
        {
            Assert.Equal(3, g.Count());
            Assert.Single(g.Select(s => s.Sample.Label).Distinct());
        });
        Assert.All(set, s => Assert.Equal((1, 48, 48), (s.Image.Channels, s.Image.Height, s.Image.Width)));
        Assert.All(set, s => Assert.InRange(s.Image.Data.Min(), 0, 255));
        Assert.All(set, s => Assert.InRange(s.Image.Data.Max(), 0, 255));
    }

    [Fact]
    public void Positives_HoldMoreBrightSpecksThanNegatives()
    {
        // A speck is a pixel brighter by 6 grey levels than every pixel of the 7×7 ring around it: point-like
        // structures pass, lines (which cross the ring) and smooth background do not.
        var set = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 30, PatchesPerRegion = 1 });
        static int Specks(Imaging.Image img)
        {
            var count = 0;
            for (var y = 3; y < img.Height - 3; y++)
            {
                for (var x = 3; x < img.Width - 3; x++)
                {
                    var ringMax = float.MinValue;
                    for (var k = -3; k <= 3; k++)
                    {
                        ringMax = Math.Max(ringMax, Math.Max(Math.Max(img[0, y - 3, x + k], img[0, y + 3, x + k]), Math.Max(img[0, y + k, x - 3], img[0, y + k, x + 3])));
                    }

                    count += img[0, y, x] - ringMax > 6 ? 1 : 0;
                }
            }

            return count;
        }

        var positive = set.Where(s => s.Sample.Label == 1).Average(s => Specks(s.Image));
        var negative = set.Where(s => s.Sample.Label == 0).Average(s => Specks(s.Image));
        Assert.True(positive > 3 * negative, $"positives {positive:F1} speck pixels, negatives {negative:F1}");
    }
}
