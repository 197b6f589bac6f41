namespace MedVision.Imaging.Tests;

public class RandomPatchesTests
{
    private static Mask Disk(int size, int cy, int cx, int radius)
    {
        var mask = new Mask(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                mask[y, x] = ((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) <= radius * radius;
            }
        }

        return mask;
    }

    [Fact]
    public void CenterContainment_CentresInMaskAndPatchesInsideImage()
    {
        var mask = Disk(64, 20, 44, 18);
        var regions = RandomPatches.InMask(mask, 15, 10, 200, new RandomPatchOptions { Seed = 3 });
        Assert.Equal(200, regions.Count);
        Assert.All(regions, r =>
        {
            Assert.True(mask[r.CenterY, r.CenterX]);
            Assert.True(r.IsInside(64, 64));
            Assert.Equal((15, 10), (r.Height, r.Width));
        });
        Assert.True(regions.Distinct().Count() > 100, "draws should spread over the mask");
    }

    [Fact]
    public void WholeContainment_EveryPixelInMask()
    {
        var mask = Disk(64, 32, 32, 20);
        var regions = RandomPatches.InMask(mask, 12, 12, 100, new RandomPatchOptions { Seed = 1, Containment = PatchContainment.Whole });
        foreach (var r in regions)
        {
            for (var y = r.Top; y < r.Top + r.Height; y++)
            {
                for (var x = r.Left; x < r.Left + r.Width; x++)
                {
                    Assert.True(mask[y, x], $"({y}, {x}) of {r} is outside the mask");
                }
            }
        }
    }

    [Fact]
    public void SameSeed_SameRegions_OtherSeed_Different()
    {
        var mask = Disk(48, 24, 24, 15);
        var a = RandomPatches.InMask(mask, 8, 8, 20, new RandomPatchOptions { Seed = 7 });
        var b = RandomPatches.InMask(mask, 8, 8, 20, new RandomPatchOptions { Seed = 7 });
        var c = RandomPatches.InMask(mask, 8, 8, 20, new RandomPatchOptions { Seed = 8 });
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void EmptyMask_IsImpossible()
    {
        var e = Assert.Throws<PatchSamplingException>(() => RandomPatches.InMask(new Mask(10, 10), 3, 3, 1));
        Assert.True(e.Impossible);
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PatchLargerThanMaskRegion_IsImpossible()
    {
        var mask = Disk(40, 20, 20, 5);
        var e = Assert.Throws<PatchSamplingException>(() =>
            RandomPatches.InMask(mask, 12, 12, 1, new RandomPatchOptions { Containment = PatchContainment.Whole }));
        Assert.True(e.Impossible);
    }

    [Fact]
    public void RareValidPlacement_RunsOutOfTries_AndSaysHowManyAdmitOne()
    {
        // A full 40×40 mask and a 39×39 patch: only the 4 centres (19|20, 19|20) keep the patch inside the image.
        var mask = new Mask(40, 40, Enumerable.Repeat(true, 1600).ToArray());
        var e = Assert.Throws<PatchSamplingException>(() => RandomPatches.InMask(mask, 39, 39, 1, new RandomPatchOptions { MaxTries = 1 }));
        Assert.False(e.Impossible);
        Assert.Contains("4 of the mask's 1600 pixels", e.Message, StringComparison.Ordinal);
        var found = RandomPatches.InMask(mask, 39, 39, 5, new RandomPatchOptions { MaxTries = 100_000 });
        Assert.All(found, r => Assert.True(r.IsInside(40, 40)));
    }

    [Fact]
    public void Region_ExtractsAsCropAround()
    {
        var image = new Image(1, 5, 6, [.. Enumerable.Range(0, 30).Select(v => (float)v)]);
        var region = PatchRegion.Around(0, 5, 4, 3);
        Assert.Equal((-2, 4), (region.Top, region.Left));
        Assert.Equal(Geometry.CropAround(image, 0, 5, 4, 3).Data, region.Extract(image).Data);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 4, 5, 0, 10, 11, 0 }, region.Extract(image).Data);
    }
}
