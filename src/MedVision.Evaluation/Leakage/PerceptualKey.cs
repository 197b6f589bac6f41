namespace MedVision.Evaluation;

/// <summary>
/// What the leakage audit compares two images by when it looks for near-duplicates: a 64-bit perceptual
/// <see cref="Hash"/> (pairs within <see cref="LeakageAuditOptions.MaxHammingDistance"/> bits are candidates) and a
/// fixed-size <see cref="Reduced"/> copy of the image, whose correlation confirms a candidate pair of images that
/// differ in size. Every sample of one audit must give a reduction of the same length.
/// </summary>
public sealed record PerceptualKey(ulong Hash, float[] Reduced);
