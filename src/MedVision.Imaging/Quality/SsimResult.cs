namespace MedVision.Imaging;

/// <summary>Mean SSIM (averaged over channels) and the per-pixel SSIM map (same shape as the inputs).</summary>
public sealed record SsimResult(double Mean, Image Map);
