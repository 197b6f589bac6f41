namespace MedVision.Imaging.Tests;

public class SlidingWindowsTests
{
    private static int[] Tops(IReadOnlyList<PatchRegion> regions) => [.. regions.Select(r => r.Top).Distinct()];

    private static int[] Lefts(IReadOnlyList<PatchRegion> regions) => [.. regions.Select(r => r.Left).Distinct()];

    [Fact]
    public void Drop_MatchesViewAsWindowsCounts()
    {
        // skimage.util.view_as_windows(np.zeros((11, 7)), (4, 3), (3, 2)).shape[:2] == (3, 3)
        var regions = SlidingWindows.Regions(11, 7, 4, 3, new SlidingWindowOptions { StrideY = 3, StrideX = 2 });
        Assert.Equal([0, 3, 6], Tops(regions));
        Assert.Equal([0, 2, 4], Lefts(regions));
        Assert.Equal(9, regions.Count);
    }

    [Fact]
    public void Pad_ContinuesTheGridPastTheBorder()
    {
        var regions = SlidingWindows.Regions(11, 7, 4, 3, new SlidingWindowOptions { StrideY = 3, StrideX = 2, Edge = WindowEdge.Pad });
        Assert.Equal([0, 3, 6, 9], Tops(regions));
        Assert.Equal([0, 2, 4], Lefts(regions));
    }

    [Fact]
    public void Shift_EndsTheLastWindowOnTheBorder()
    {
        var regions = SlidingWindows.Regions(11, 8, 4, 3, new SlidingWindowOptions { StrideY = 3, StrideX = 2, Edge = WindowEdge.Shift });
        Assert.Equal([0, 3, 6, 7], Tops(regions));
        Assert.Equal([0, 2, 4, 5], Lefts(regions));
        Assert.All(regions, r => Assert.True(r.IsInside(11, 8)));
    }

    [Fact]
    public void WindowLargerThanImage()
    {
        Assert.Empty(SlidingWindows.Regions(3, 3, 4, 4));
        Assert.Equal([new PatchRegion(0, 0, 4, 4)], SlidingWindows.Regions(3, 3, 4, 4, new SlidingWindowOptions { Edge = WindowEdge.Pad }));
        Assert.Equal([new PatchRegion(0, 0, 4, 4)], SlidingWindows.Regions(3, 3, 4, 4, new SlidingWindowOptions { Edge = WindowEdge.Shift }));
    }

    [Fact]
    public void DefaultStride_IsTheWindowSize_AndPaddedPixelsAreFilled()
    {
        var image = new Image(1, 3, 5, [.. Enumerable.Range(1, 15).Select(v => (float)v)]);
        var windows = SlidingWindows.Extract(image, 2, 2, new SlidingWindowOptions { Edge = WindowEdge.Pad }, PadMode.Constant, -1);
        Assert.Equal(6, windows.Count);
        Assert.Equal(new float[] { 1, 2, 6, 7 }, windows[0].Data);
        Assert.Equal(new float[] { 5, -1, 10, -1 }, windows[2].Data);
        Assert.Equal(new float[] { 15, -1, -1, -1 }, windows[5].Data);
    }

    [Fact]
    public void BadStride_IsRejected() =>
        Assert.ThrowsAny<ArgumentException>(() => SlidingWindows.Regions(8, 8, 2, 2, new SlidingWindowOptions { StrideY = -1 }));
}
