using MedVision.Reports.Figures;

namespace MedVision.Reports.Tests;

/// <summary>A fact that needs PNG rendering (SkiaSharp's native library and a font); skipped with the reason when this system lacks them.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PngFactAttribute : FactAttribute
{
    public PngFactAttribute()
    {
        if (FigureWriter.PngUnavailableReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
