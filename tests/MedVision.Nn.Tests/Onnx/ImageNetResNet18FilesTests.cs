using MedVision.Nn.Onnx;

namespace MedVision.Nn.Tests.Onnx;

public sealed class ImageNetResNet18FilesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("medvision-nuget-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Package(string cache, string version)
    {
        var tools = Path.Combine(cache, ImageNetResNet18Files.PackageId, version, "tools", "DnnImageModels");
        Directory.CreateDirectory(Path.Combine(tools, "ResNet18Onnx"));
        Directory.CreateDirectory(Path.Combine(tools, "ResNetPrepOnnx"));
        File.WriteAllText(Path.Combine(tools, "ResNet18Onnx", "ResNet18.onnx"), version);
        File.WriteAllText(Path.Combine(tools, "ResNetPrepOnnx", "ResNetPreprocess.onnx"), version);
        return tools;
    }

    [Fact]
    public void NugetPackages_NewestVersionFirst_NumericallyNotAlphabetically()
    {
        var cache = Path.Combine(_dir.FullName, "cache");
        Package(cache, "0.9.0");
        var newest = Package(cache, "0.23.1");
        Directory.CreateDirectory(Path.Combine(cache, ImageNetResNet18Files.PackageId, "1.0.0"));   // without the files

        var files = ImageNetResNet18Files.TryLocate(v => v == "NUGET_PACKAGES" ? cache : null, "/nonexistent", out _);

        Assert.Equal(Path.Combine(newest, "ResNet18Onnx", "ResNet18.onnx"), files?.Model);
        Assert.Equal(Path.Combine(newest, "ResNetPrepOnnx", "ResNetPreprocess.onnx"), files?.Preprocess);
    }

    [Fact]
    public void HomeCache_IsTheDefault_AndTheOverrideFolderWins()
    {
        var home = Path.Combine(_dir.FullName, "home");
        Package(Path.Combine(home, ".nuget", "packages"), "0.23.1");
        var flat = Path.Combine(_dir.FullName, "flat");
        Directory.CreateDirectory(flat);
        File.WriteAllText(Path.Combine(flat, "ResNet18.onnx"), "m");
        File.WriteAllText(Path.Combine(flat, "ResNetPreprocess.onnx"), "p");

        Assert.StartsWith(home, ImageNetResNet18Files.TryLocate(_ => null, home, out _)?.Model, StringComparison.Ordinal);
        var files = ImageNetResNet18Files.TryLocate(v => v == ImageNetResNet18Files.OverrideVariable ? flat : null, home, out _);
        Assert.Equal(Path.Combine(flat, "ResNet18.onnx"), files?.Model);
    }

    [Fact]
    public void Missing_SaysWhereItLookedAndHowToGetIt()
    {
        var files = ImageNetResNet18Files.TryLocate(_ => null, _dir.FullName, out var searched);

        Assert.Null(files);
        var message = ImageNetResNet18Files.NotFound(searched).Message;
        Assert.Contains(Path.Combine(_dir.FullName, ".nuget", "packages", ImageNetResNet18Files.PackageId), message, StringComparison.Ordinal);
        Assert.Contains("dotnet restore tests/MedVision.Nn.Tests", message, StringComparison.Ordinal);
        Assert.Contains(ImageNetResNet18Files.OverrideVariable, message, StringComparison.Ordinal);
    }
}
