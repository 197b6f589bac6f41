namespace MedVision.Web.Tests;

/// <summary>
/// A fact that drives Debian's Chromium (<see cref="Executable"/>) through the Playwright driver shipped in the
/// Microsoft.Playwright package (copied beside the test binaries); skipped, never failed, when either is missing.
/// No browser is ever downloaded.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PlaywrightFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public PlaywrightFactAttribute()
    {
        var driver = Path.Combine(AppContext.BaseDirectory, ".playwright", "package", "cli.js");
        if (!File.Exists(Executable))
        {
            Skip = $"{Executable} is not installed (Debian package chromium)";
        }
        else if (!File.Exists(driver))
        {
            Skip = $"the Playwright driver is not beside the test binaries ({driver}); restore Microsoft.Playwright";
        }
    }
}
