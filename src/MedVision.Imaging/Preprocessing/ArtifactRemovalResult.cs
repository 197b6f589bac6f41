namespace MedVision.Imaging.Preprocessing;

/// <summary>The cleaned image, the kept region and the Otsu threshold that started it.</summary>
public sealed record ArtifactRemovalResult(Image Image, Mask Region, double Threshold);
