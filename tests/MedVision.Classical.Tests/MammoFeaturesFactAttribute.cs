using MedVision.Testing;

namespace MedVision.Classical.Tests;

/// <summary>
/// A fact that needs shared/data/mammo_micro and the wavelet features written from it by
/// tests/fixtures/scripts/classical_mammo_features.py into <see cref="Folder"/>; skipped when either is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class MammoFeaturesFactAttribute : FactAttribute
{
    public MammoFeaturesFactAttribute()
    {
        if (RepoPaths.SharedData("mammo_micro") is null)
        {
            Skip = "shared dataset 'mammo_micro' is absent";
        }
        else if (!File.Exists(Path.Combine(Folder, "sklearn.json")))
        {
            Skip = $"wavelet features absent: run /usr/bin/python3 tests/fixtures/scripts/classical_mammo_features.py (writes {Folder})";
        }
    }

    /// <summary><c>MEDVISION_CLASSICAL_FEATURES</c> or /tmp/medvision-classical-features.</summary>
    public static string Folder => Environment.GetEnvironmentVariable("MEDVISION_CLASSICAL_FEATURES") ?? "/tmp/medvision-classical-features";
}
