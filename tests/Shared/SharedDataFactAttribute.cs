namespace MedVision.Testing;

/// <summary>A fact that needs <c>../shared/data/NAME</c>; skipped (never failed) when that folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string dataset)
    {
        if (RepoPaths.SharedData(dataset) is null)
        {
            Skip = $"shared dataset '{dataset}' is absent";
        }
    }
}
