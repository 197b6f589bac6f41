using MedVision.Testing;

namespace MedVision.Data.Tests;

public sealed class DatasetDiscoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-data-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0]);
    }

    [Fact]
    public void ClassFolders_GiveSortedClassesAndGroupsFromThePattern()
    {
        Touch("1/mdb001LM_roi1.pgm_0.png");
        Touch("1/mdb001LM_roi1.pgm_1.png");
        Touch("0/mdb002RC_roi3.pgm_0.png");
        Touch("0/notes.txt");

        var set = DatasetDiscovery.Discover(_root, new DatasetOptions { GroupPattern = @"^(?<group>.+\.pgm)_\d+\.png$" });

        Assert.Equal(["0", "1"], set.ClassNames);
        Assert.Equal(["0/mdb002RC_roi3.pgm_0.png", "1/mdb001LM_roi1.pgm_0.png", "1/mdb001LM_roi1.pgm_1.png"], set.Samples.Select(s => s.Id));
        Assert.Equal(["mdb002RC_roi3.pgm", "mdb001LM_roi1.pgm", "mdb001LM_roi1.pgm"], set.Samples.Select(s => s.Group));
        Assert.Equal([0, 1, 1], set.Samples.Select(s => s.Label));
        Assert.All(set.Samples, s => Assert.Null(s.Split));
        Assert.Equal([1, 2], set.ClassCounts());
    }

    [Fact]
    public void WithoutPattern_EachFileIsItsOwnGroup()
    {
        Touch("a/x_0.png");
        Touch("a/x_1.png");
        var set = DatasetDiscovery.Discover(_root);
        Assert.Equal(["a/x_0.png", "a/x_1.png"], set.Samples.Select(s => s.Group));
    }

    [Fact]
    public void SplitFolders_AreRecognisedCaseInsensitively()
    {
        Touch("Train/pre/a.png");
        Touch("Train/post/b.png");
        Touch("Test/pre/c.png");
        Touch("Validation/post/d.png");

        var set = DatasetDiscovery.Discover(_root);

        Assert.Equal(["post", "pre"], set.ClassNames);
        Assert.Equal(["test", "train", "train", "val"], set.Samples.Select(s => s.Split));
        Assert.Equal(new[] { "test", "train", "val" }, set.ClassCountsBySplit().Keys);
    }

    [Fact]
    public void FlatSplitFolders_TakeTheClassFromTheFileName()
    {
        Touch("train/Normal (1).png");
        Touch("train/Tumor (1).png");
        Touch("test/Tumor (2).png");

        var set = DatasetDiscovery.Discover(_root);

        Assert.Equal(["Normal", "Tumor"], set.ClassNames);
        Assert.Equal([1, 0, 1], set.Samples.Select(s => s.Label));
    }

    [Fact]
    public void Manifest_ReadsGroupsAndSplits()
    {
        Touch("img/a.png");
        Touch("img/b.png");
        File.WriteAllText(Path.Combine(_root, "set.csv"), "path,label,group,split\nimg/a.png,lesion,p1,train\nimg/b.png,normal,p1,test\n");

        var set = DatasetDiscovery.Discover(Path.Combine(_root, "set.csv"));

        Assert.Equal(["lesion", "normal"], set.ClassNames);
        Assert.Equal(["p1", "p1"], set.Samples.Select(s => s.Group));
        Assert.Equal(["train", "test"], set.Samples.Select(s => s.Split));
    }

    [Fact]
    public void Manifest_WithAMissingImage_NamesIt()
    {
        File.WriteAllText(Path.Combine(_root, "set.csv"), "path,label\nnope.png,1\n");
        var e = Assert.Throws<DatasetFormatException>(() => DatasetDiscovery.Discover(Path.Combine(_root, "set.csv")));
        Assert.Contains("nope.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_WithARaggedRow_NamesTheLine()
    {
        Touch("a.png");
        File.WriteAllText(Path.Combine(_root, "set.csv"), "path,label\na.png,1,extra\n");
        var e = Assert.Throws<DatasetFormatException>(() => DatasetDiscovery.Discover(Path.Combine(_root, "set.csv")));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFolder_IsAClearError()
    {
        var e = Assert.Throws<DatasetFormatException>(() => DatasetDiscovery.Discover(_root));
        Assert.Contains("no images", e.Message, StringComparison.Ordinal);
    }

    [SharedDataFact("mammo_micro")]
    public void MammoMicro_Has797PatchesIn2Classes()
    {
        var set = DatasetDiscovery.Discover(RepoPaths.SharedData("mammo_micro")!, new DatasetOptions { GroupPattern = @"^(?<group>.+\.pgm)_\d+\.png$" });
        Assert.Equal(["0", "1"], set.ClassNames);
        Assert.Equal([414, 383], set.ClassCounts());
        Assert.True(set.Samples.Select(s => s.Group).Distinct().Count() < 797 / 2);
    }

    [SharedDataFact("mias_rois")]
    public void MiasRois_HasTheFixedSplit()
    {
        var set = DatasetDiscovery.Discover(RepoPaths.SharedData("mias_rois")!);
        var counts = set.ClassCountsBySplit();
        Assert.Equal([41, 23], counts["test"]);
        Assert.Equal([125, 72], counts["train"]);
        Assert.Equal([41, 24], counts["val"]);
    }
}
