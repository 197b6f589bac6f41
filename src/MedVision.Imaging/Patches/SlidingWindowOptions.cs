namespace MedVision.Imaging;

/// <summary>Options of <see cref="SlidingWindows.Regions(int, int, int, int, SlidingWindowOptions)"/>.</summary>
public sealed record SlidingWindowOptions
{
    /// <summary>Rows between window tops; 0 means the window height (no overlap).</summary>
    public int StrideY { get; init; }

    /// <summary>Columns between window lefts; 0 means the window width.</summary>
    public int StrideX { get; init; }

    /// <summary>Handling of the border remainder. Default <see cref="WindowEdge.Drop"/>.</summary>
    public WindowEdge Edge { get; init; } = WindowEdge.Drop;
}
