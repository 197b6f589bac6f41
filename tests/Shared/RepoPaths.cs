namespace MedVision.Testing;

/// <summary>Locations the tests read from: the repository root, committed fixtures, and the optional shared data.</summary>
internal static class RepoPaths
{
    /// <summary>The folder that holds <c>MedVision.slnx</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary><c>tests/fixtures</c>: reference outputs written by the scripts in <c>tests/fixtures/scripts</c>.</summary>
    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    /// <summary>A fixture file by its path under <c>tests/fixtures</c>.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    /// <summary>
    /// <c>../shared/data/NAME</c> beside the repository, or null when absent (tests that need it skip).
    /// <c>MEDVISION_DATA</c> overrides the parent folder.
    /// </summary>
    public static string? SharedData(string name)
    {
        var parent = Environment.GetEnvironmentVariable("MEDVISION_DATA")
            ?? Path.Combine(Root, "..", "shared", "data");
        var path = Path.GetFullPath(Path.Combine(parent, name));
        return Directory.Exists(path) ? path : null;
    }

    private static string FindRoot()
    {
        // Test binaries usually sit under the repository; when the build output is elsewhere (MV_ARTIFACTS),
        // this source file's own compile-time path still leads there.
        foreach (var start in new[] { AppContext.BaseDirectory, ThisFile() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MedVision.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"MedVision.slnx not found above {AppContext.BaseDirectory} or {ThisFile()}");
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? path;
}
