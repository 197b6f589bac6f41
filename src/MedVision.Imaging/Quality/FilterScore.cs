namespace MedVision.Imaging;

/// <summary>
/// One filter's agreement with the originals over <see cref="Images"/> images: <see cref="Mse"/> is the mean of the
/// per-image MSEs and <see cref="Psnr"/> the PSNR of that mean MSE (dB, +∞ when every image is unchanged).
/// </summary>
public sealed record FilterScore(string Filter, string Settings, double Psnr, double Mse, int Images);
