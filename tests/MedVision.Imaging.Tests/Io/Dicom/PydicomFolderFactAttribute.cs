namespace MedVision.Imaging.Tests.Io.Dicom;

/// <summary>A fact that needs Debian's pydicom test files; skipped (never failed) without them.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PydicomFolderFactAttribute : FactAttribute
{
    public PydicomFolderFactAttribute()
    {
        if (!Directory.Exists(PydicomReference.Folder))
        {
            Skip = $"{PydicomReference.Folder} is absent (apt-get install python3-pydicom)";
        }
    }
}
