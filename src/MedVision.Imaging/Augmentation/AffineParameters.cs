namespace MedVision.Imaging.Augmentation;

/// <summary>One draw of <see cref="RandAffine"/>: degrees, pixels (x to the right, y down), a factor and degrees.</summary>
public sealed record AffineParameters(double Angle, double TranslateX, double TranslateY, double Scale, double ShearX);
