using MedVision.Nn.Onnx;

namespace MedVision.Nn.Tests.Support;

/// <summary>
/// A fact that needs ML.NET's ImageNet ResNet-18 ONNX files in the NuGet cache (restoring this test project downloads
/// them); skipped with the restore command otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ImageNetResNet18FactAttribute : FactAttribute
{
    public ImageNetResNet18FactAttribute()
    {
        if (ImageNetResNet18Files.TryLocate(out var searched) is null)
        {
            Skip = $"Microsoft.ML.DnnImageFeaturizer.ResNet18 is not in {string.Join(", ", searched)}: run `dotnet restore tests/MedVision.Nn.Tests`";
        }
    }
}
