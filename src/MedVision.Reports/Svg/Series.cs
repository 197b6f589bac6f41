namespace MedVision.Reports.Svg;

/// <summary>One line of a chart (or, with <paramref name="Markers"/>, one class of a scatter plot): points in data coordinates, drawn in order.</summary>
/// <param name="Name">Legend text; empty for none.</param>
/// <param name="X">X values.</param>
/// <param name="Y">Y values, as many as <paramref name="X"/>.</param>
/// <param name="Color">CSS colour; null picks the next colour of the palette.</param>
/// <param name="Dashed">Draw dashed (reference lines such as chance).</param>
/// <param name="Width">Stroke width in pixels.</param>
/// <param name="Markers">Draw each point as a dot and no line (scatter plots such as a t-SNE map).</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, string? Color = null, bool Dashed = false, double Width = 1.8, bool Markers = false);

/// <summary>A shaded band between <see cref="Lower"/> and <see cref="Upper"/> over <see cref="X"/> (a mean ± std band).</summary>
public sealed record Band(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper, string? Color = null);
