namespace MedVision.Imaging;

/// <summary>
/// Connected-component labels: <see cref="Labels"/> (H·W, row-major) holds 0 for background and 1…<see cref="Count"/>
/// for the components, numbered in raster order of each component's first pixel; <see cref="Sizes"/>[k] is the
/// pixel count of label k (index 0 counts the background).
/// </summary>
public sealed record LabelResult(int Height, int Width, int[] Labels, int Count, int[] Sizes);
