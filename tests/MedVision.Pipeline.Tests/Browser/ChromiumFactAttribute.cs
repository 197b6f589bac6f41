namespace MedVision.Pipeline.Tests.Browser;

/// <summary>A fact that needs headless Chromium at <see cref="HeadlessChromium.Executable"/>; skipped (never failed) when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(HeadlessChromium.Executable))
        {
            Skip = $"{HeadlessChromium.Executable} is not installed (Debian package chromium)";
        }
    }
}
