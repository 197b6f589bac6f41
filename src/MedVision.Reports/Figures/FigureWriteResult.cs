namespace MedVision.Reports.Figures;

/// <summary>What <see cref="FigureWriter"/> wrote.</summary>
/// <param name="Files">File names written, relative to the folder, in order.</param>
/// <param name="Warning">Why no PNGs were written, or null when they were (or were not asked for).</param>
public sealed record FigureWriteResult(IReadOnlyList<string> Files, string? Warning);
