using System.Text.Json;
using MedVision.Nn.Weights;
using MedVision.Testing;

namespace MedVision.Nn.Tests.Weights;

public sealed class PyTorchCheckpointTests
{
    private static string File(string name) => RepoPaths.Fixture("nn", "weights", name);

    [Theory]
    [InlineData("state_zip.pt")]
    [InlineData("state_legacy.pt")]
    public void Load_TorchSaveStateDict_GivesTorchValuesInOrder(string file)
    {
        var names = JsonSerializer.Deserialize<string[]>(System.IO.File.ReadAllText(File("names.json")))!;

        var weights = PyTorchCheckpoint.Load(File(file));

        Assert.Equal(names, weights.Names);
        foreach (var name in names)
        {
            var expected = NpyFixture.Load("nn", "weights", $"expected_{name}.npy");
            Assert.Equal(expected.Shape, weights[name].Shape);
            Assert.Equal(expected.AsFloat(), weights[name].Values);
        }
    }

    [Theory]
    [InlineData("evil_os_system.pt", "posix.system")]
    [InlineData("evil_legacy.pt", "posix.system")]
    [InlineData("evil_eval.pt", "builtins.eval")]
    public void Load_PickleNamingForbiddenGlobal_IsRefusedWithoutRunningIt(string file, string global)
    {
        var marker = "/tmp/medvision_pwned";
        var existedBefore = System.IO.File.Exists(marker);

        var e = Assert.Throws<UnsafePickleException>(() => PyTorchCheckpoint.Load(File(file)));

        Assert.Equal(global, e.Global);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains(global, e.Message, StringComparison.Ordinal);
        Assert.Equal(existedBefore, System.IO.File.Exists(marker));
    }

    [Fact]
    public void Load_StorageShorterThanDeclared_IsTypedError()
    {
        var e = Assert.Throws<WeightFormatException>(() => PyTorchCheckpoint.Load(File("truncated_storage.pt")));

        Assert.Contains("should hold 16 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pth_NestedKeysFlatteningToOneName_IsFormatError()
    {
        var e = Assert.Throws<WeightFormatException>(() => PyTorchCheckpoint.Load(File("colliding_names.pt")));

        Assert.Contains("colliding_names.pt", e.Message, StringComparison.Ordinal);
        Assert.Contains("tensor name 'a.b' appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pth_EmptyTensorName_IsFormatError()
    {
        var e = Assert.Throws<WeightFormatException>(() => PyTorchCheckpoint.Load(File("empty_name.pt")));

        Assert.Contains("empty_name.pt", e.Message, StringComparison.Ordinal);
        Assert.Contains("empty name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pth_FileLargerThanBudget_IsFormatError()
    {
        var e = Assert.Throws<WeightFormatException>(() => PyTorchCheckpoint.Load(File("state_zip.pt"), new WeightReadOptions { MaxBytes = 1000 }));

        Assert.Contains("state_zip.pt", e.Message, StringComparison.Ordinal);
        Assert.Contains("WeightReadOptions.MaxBytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotACheckpoint_IsTypedError()
    {
        using var stream = new MemoryStream("hello world"u8.ToArray());

        var e = Assert.Throws<WeightFormatException>(() => PyTorchCheckpoint.Load(stream, "hello.pt"));

        Assert.Contains("hello.pt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedPickle_IsTypedError()
    {
        var bytes = System.IO.File.ReadAllBytes(File("state_legacy.pt"));
        using var stream = new MemoryStream(bytes[..300]);

        Assert.ThrowsAny<WeightFormatException>(() => PyTorchCheckpoint.Load(stream, "cut.pt"));
    }
}
