using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

/// <summary><c>serve</c>'s refusals that come before it listens: each is a usage error naming the flag.</summary>
public sealed class ServeVerbTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-serve-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Models()
    {
        var data = Path.Combine(_root, "data");
        foreach (var (sample, image) in MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 6, Seed = 3 }))
        {
            var folder = Directory.CreateDirectory(Path.Combine(data, MicrocalcificationPhantom.ClassNames[sample.Label])).FullName;
            ImageFile.Write(Path.Combine(folder, sample.Id + ".png"), image);
        }

        var study = Path.Combine(_root, "study");
        var (code, _, error) = Run("experiment", "--data", data, "--models", "wavelet-nb", "--folds", "2", "--bootstrap", "0", "--out", study);
        Assert.True(code == ExitCodes.Success, error);
        return Path.Combine(study, "models");
    }

    [Fact]
    public void NonLoopbackAddress_WithoutAllowRemote_IsAUsageError()
    {
        var (code, _, error) = Run("serve", "--models", Models(), "--urls", "http://0.0.0.0:0", "--token-file", Path.Combine(_root, "token"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--allow-remote", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "token")), "a refused service wrote a token");
    }

    [Fact]
    public void StowModel_WithoutStowInbox_IsAUsageError()
    {
        var models = Models();
        var (code, _, error) = Run("serve", "--models", models, "--stow-model", Path.Combine(models, "wavelet-nb"), "--token-file", Path.Combine(_root, "token"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--stow-model needs --stow-inbox", error, StringComparison.Ordinal);
    }
}
