namespace MedVision.Nn.Onnx;

/// <summary>
/// Where the ImageNet ResNet-18 of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 lies: the network
/// (<c>ResNet18.onnx</c>, CNTK, 512-d pooled features) and its preprocessing (<c>ResNetPreprocess.onnx</c>). Found
/// through <see cref="OverrideVariable"/> (a folder holding both files, directly or in the package's layout), else in
/// the NuGet package cache (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>), newest version first.
/// </summary>
public sealed record ImageNetResNet18Files(string Model, string Preprocess)
{
    /// <summary>The name that stands for these files on command lines (<c>model import imagenet-resnet18</c>).</summary>
    public const string Name = "imagenet-resnet18";

    /// <summary>Environment variable naming a folder that holds the two files, checked before the NuGet cache.</summary>
    public const string OverrideVariable = "MEDVISION_IMAGENET_RESNET18";

    /// <summary>The NuGet package id (lower case, as the cache folder is named).</summary>
    public const string PackageId = "microsoft.ml.dnnimagefeaturizer.resnet18";

    private static readonly string[] Layout = ["tools", "DnnImageModels"];

    /// <summary>The files, or an exception whose message says where they were looked for and how to get them.</summary>
    /// <exception cref="FileNotFoundException">Neither the override folder nor the NuGet cache holds them.</exception>
    public static ImageNetResNet18Files Locate() => TryLocate(out var searched) ?? throw NotFound(searched);

    internal static FileNotFoundException NotFound(IReadOnlyList<string> searched) => new(
        $"the ImageNet ResNet-18 (NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18) is not in {string.Join(" or ", searched)}. "
        + "Restoring the Nn tests downloads it into the NuGet cache: `dotnet restore tests/MedVision.Nn.Tests`; "
        + $"or set {OverrideVariable} to a folder holding ResNet18.onnx and ResNetPreprocess.onnx.");

    /// <summary>The files, or null; <paramref name="searched"/> lists the places looked at.</summary>
    public static ImageNetResNet18Files? TryLocate(out IReadOnlyList<string> searched) =>
        TryLocate(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), out searched);

    /// <summary><see cref="TryLocate(out IReadOnlyList{string})"/> with the environment and home folder given.</summary>
    internal static ImageNetResNet18Files? TryLocate(Func<string, string?> environment, string home, out IReadOnlyList<string> searched)
    {
        var places = new List<string>();
        searched = places;
        if (environment(OverrideVariable) is { Length: > 0 } folder)
        {
            places.Add($"{folder} ({OverrideVariable})");
            return In(folder) ?? In(Path.Combine([folder, .. Layout]));
        }

        var cache = environment("NUGET_PACKAGES") is { Length: > 0 } packages ? packages : Path.Combine(home, ".nuget", "packages");
        var root = Path.Combine(cache, PackageId);
        places.Add(root);
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-', '+')[0], out var v) ? v : new Version())
            .ThenByDescending(d => Path.GetFileName(d), StringComparer.Ordinal)
            .Select(d => In(Path.Combine([d, .. Layout])))
            .FirstOrDefault(f => f is not null);
    }

    private static ImageNetResNet18Files? In(string folder)
    {
        string[] model = [Path.Combine(folder, "ResNet18.onnx"), Path.Combine(folder, "ResNet18Onnx", "ResNet18.onnx")];
        string[] prep = [Path.Combine(folder, "ResNetPreprocess.onnx"), Path.Combine(folder, "ResNetPrepOnnx", "ResNetPreprocess.onnx")];
        var m = model.FirstOrDefault(File.Exists);
        var p = prep.FirstOrDefault(File.Exists);
        return m is not null && p is not null ? new ImageNetResNet18Files(m, p) : null;
    }
}
