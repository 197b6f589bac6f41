using MedVision.Imaging.Io;

namespace MedVision.Data.Tests;

public sealed class NpzDatasetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-npz-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static NpyArray U8(int[] shape, Func<int, float> value)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        return new NpyArray(shape, [.. Enumerable.Range(0, n).Select(value)], NpyDType.UInt8);
    }

    private string Write(Dictionary<string, NpyArray> arrays)
    {
        var path = Path.Combine(_root, "organ.npz");
        NpzWriter.Write(path, arrays, compressed: true);
        return path;
    }

    [Fact]
    public void MedMnistLayout_GivesSplitsIdsGroupsAndPixels()
    {
        var path = Write(new Dictionary<string, NpyArray>
        {
            ["train_images"] = U8([12, 4, 5], i => i % 251),
            ["train_labels"] = U8([12, 1], i => (i * 7) % 3 == 0 ? 2 : 0),
            ["test_images"] = U8([3, 4, 5], i => 200 - (i % 60)),
            ["test_labels"] = U8([3], i => 2),
        });

        var set = DatasetDiscovery.Discover(path);

        Assert.Equal(["0", "2"], set.ClassNames);
        Assert.Equal(15, set.Samples.Count);
        Assert.Equal("test/00", set.Samples[0].Id);
        Assert.Equal("npz:test:0", set.Samples[0].Group);
        Assert.Equal("test", set.Samples[0].Split);
        var train3 = set.Samples.Single(s => s.Id == "train/03");
        Assert.Equal(("npz:train:3", 1, "train"), (train3.Group, train3.Label, train3.Split));
        Assert.Equal(new Dictionary<string, int[]> { ["test"] = [0, 3], ["train"] = [8, 4] }, set.ClassCountsBySplit());

        var store = ImageStore.Load(set);
        var image = store.Images[set.Samples.ToList().IndexOf(train3)];
        Assert.Equal((4, 5), (image.Height, image.Width));
        Assert.Equal(Enumerable.Range(60, 20).Select(i => (float)(i % 251)), image.Data);
    }

    [Fact]
    public void RgbImages_AreReadAsLuma()
    {
        var path = Write(new Dictionary<string, NpyArray>
        {
            ["val_images"] = U8([2, 2, 3, 3], i => i),
            ["val_labels"] = U8([2], i => i),
        });
        var store = ImageStore.Load(DatasetDiscovery.Discover(path));
        // Sample val/1, pixel (0, 0): R, G, B = 18, 19, 20.
        Assert.Equal((0.299f * 18) + (0.587f * 19) + (0.114f * 20), store.Images[1][0, 0, 0], 4);
    }

    [Fact]
    public void GroupFile_OverridesTheDefaultGroups()
    {
        var path = Write(new Dictionary<string, NpyArray> { ["train_images"] = U8([3, 2, 2], i => i), ["train_labels"] = U8([3], i => i % 2) });
        var groups = Path.Combine(_root, "patients.csv");
        File.WriteAllLines(groups, ["id,group", "train/0,p1", "train/2,p1"]);
        var set = DatasetDiscovery.Discover(path, new DatasetOptions { Groups = groups });
        Assert.Equal(["p1", "npz:train:1", "p1"], set.Samples.Select(s => s.Group));

        File.WriteAllLines(groups, ["id,group", "train/9,p1"]);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetDiscovery.Discover(path, new DatasetOptions { Groups = groups }));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("multi-label", "multi-label")]
    [InlineData("count", "2 labels for 3 images")]
    [InlineData("orphan", "'test_images' has no matching 'test_labels'")]
    [InlineData("shape", "(N, H, W)")]
    [InlineData("none", "no train_images")]
    [InlineData("fraction", "non-negative integers")]
    public void BadArrays_AreFormatErrorsNamingTheFile(string kind, string expected)
    {
        var arrays = kind switch
        {
            "multi-label" => new Dictionary<string, NpyArray> { ["train_images"] = U8([3, 2, 2], i => i), ["train_labels"] = U8([3, 14], i => i % 2) },
            "count" => new Dictionary<string, NpyArray> { ["train_images"] = U8([3, 2, 2], i => i), ["train_labels"] = U8([2], i => 0) },
            "orphan" => new Dictionary<string, NpyArray> { ["test_images"] = U8([3, 2, 2], i => i) },
            "shape" => new Dictionary<string, NpyArray> { ["train_images"] = U8([3, 4], i => i), ["train_labels"] = U8([3], i => 0) },
            "none" => new Dictionary<string, NpyArray> { ["x"] = U8([3], i => i) },
            _ => new Dictionary<string, NpyArray> { ["train_images"] = U8([2, 2, 2], i => i), ["train_labels"] = new NpyArray([2], [0.5f, 1f]) },
        };
        var path = Write(arrays);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetDiscovery.Discover(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
