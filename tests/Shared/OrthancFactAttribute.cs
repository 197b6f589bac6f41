namespace MedVision.Testing;

/// <summary>A fact that needs Orthanc with its DICOMweb plugin; skipped (never failed) when either is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class OrthancFactAttribute : FactAttribute
{
    public OrthancFactAttribute()
    {
        if (OrthancFixture.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
