using System.Globalization;
using MedVision.Data;
using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests;

/// <summary><c>split</c>: a data set written as a Train/[Val/]Test class-folder tree without a group on two sides.</summary>
public sealed class SplitVerbTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-split-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Id of the image that <see cref="Manifest"/> also files as <c>copy.png</c> under another group.</summary>
    private string FirstId { get; set; } = "";

    /// <summary>Phantom patches as a manifest with groups; one image is copied under a second group name.</summary>
    private string Manifest()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "images")).FullName;
        var rows = new List<string> { "path,label,group" };
        var generated = MicrocalcificationPhantom.Generate(new PhantomOptions { RegionsPerClass = 10, PatchesPerRegion = 3, Size = 24, Seed = 5 });
        foreach (var (sample, image) in generated)
        {
            ImageFile.Write(Path.Combine(images, sample.Id + ".png"), image);
            rows.Add($"images/{sample.Id}.png,{MicrocalcificationPhantom.ClassNames[sample.Label]},{sample.Group}");
        }

        var first = generated[0].Sample;
        FirstId = first.Id;
        File.Copy(Path.Combine(images, first.Id + ".png"), Path.Combine(images, "copy.png"));
        rows.Add($"images/copy.png,{MicrocalcificationPhantom.ClassNames[first.Label]},elsewhere");
        var manifest = Path.Combine(_root, "data.csv");
        File.WriteAllLines(manifest, rows);
        return manifest;
    }

    [Fact]
    public void Split_WritesClassFoldersPerSplit_KeepingGroupsAndDuplicatesOnOneSide()
    {
        var tree = Path.Combine(_root, "tree");
        var (code, output, error) = Run("split", Manifest(), "--out", tree, "--test", "0.2", "--val", "0.2", "--seed", "1");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("Train", output, StringComparison.Ordinal);

        var rows = File.ReadAllLines(Path.Combine(tree, SplitTree.ManifestFile)).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(61, rows.Count);
        foreach (var row in rows)
        {
            // path is <Split>/<class>/<file>, the split column agrees, and the file is a byte copy of the source.
            var parts = row[0].Split('/');
            Assert.Equal(row[3], parts[0].ToLowerInvariant());
            Assert.Equal(row[1], parts[1]);
            var source = Path.Combine(_root, "images", parts[2]);
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(tree, row[0])));
        }

        Assert.All(rows.GroupBy(r => r[2]), g => Assert.Single(g.Select(r => r[3]).Distinct()));
        var copy = rows.Single(r => r[0].EndsWith("/copy.png", StringComparison.Ordinal));
        var original = rows.Single(r => r[0].EndsWith($"/{FirstId}.png", StringComparison.Ordinal));
        Assert.Equal(original[3], copy[3]);
        var counts = rows.GroupBy(r => r[3]).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(counts["test"], 9, 15);
        Assert.InRange(counts["val"], 9, 15);

        var discovered = DatasetDiscovery.Discover(tree);
        Assert.Equal(DatasetDiscovery.Discover(Path.Combine(_root, "data.csv")).ClassNames, discovered.ClassNames);
        Assert.Equal(counts["test"], discovered.Samples.Count(s => s.Split == "test"));
        Assert.Equal(counts["train"], discovered.Samples.Count(s => s.Split == "train"));
        Assert.Equal(counts["val"], discovered.Samples.Count(s => s.Split == "val"));
        foreach (var label in new[] { 0, 1 })
        {
            Assert.Contains(discovered.Samples, s => s.Split == "test" && s.Label == label);
        }
    }

    [Fact]
    public void Split_IsDeterministic_AndLinksWhenAsked()
    {
        var manifest = Manifest();
        string Tree(string name, params string[] extra)
        {
            var tree = Path.Combine(_root, name);
            var (code, _, error) = Run(["split", manifest, "--out", tree, "--seed", "4", .. extra]);
            Assert.True(code == ExitCodes.Success, error);
            return tree;
        }

        var a = Tree("a");
        var b = Tree("b", "--link");
        Assert.Equal(File.ReadAllText(Path.Combine(a, SplitTree.ManifestFile)), File.ReadAllText(Path.Combine(b, SplitTree.ManifestFile)));
        Assert.False(Directory.Exists(Path.Combine(a, "Val")));
        var linked = Directory.GetFiles(Path.Combine(b, "Test"), "*.png", SearchOption.AllDirectories);
        Assert.NotEmpty(linked);
        Assert.All(linked, f => Assert.NotNull(new FileInfo(f).LinkTarget));
    }

    [Theory]
    [InlineData("--test", "0")]
    [InlineData("--test", "1")]
    [InlineData("--val", "0.8")]
    public void Split_BadShares_AreUsageErrors(string option, string value)
    {
        var (code, _, error) = Run("split", Manifest(), "--out", Path.Combine(_root, "t"), option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_IntoANonEmptyFolder_IsAUsageError()
    {
        var tree = Directory.CreateDirectory(Path.Combine(_root, "full")).FullName;
        File.WriteAllText(Path.Combine(tree, "keep.txt"), "x");
        var (code, _, error) = Run("split", Manifest(), "--out", tree);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("not empty", error, StringComparison.Ordinal);
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, "x"), File.ReadAllText(Path.Combine(tree, "keep.txt")));
    }
}
