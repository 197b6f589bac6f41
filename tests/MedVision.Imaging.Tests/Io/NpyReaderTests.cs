using MedVision.Imaging.Io;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io;

public class NpyReaderTests
{
    private static string Npy(string name) => RepoPaths.Fixture("imaging", "io", "npy", name);

    public static TheoryData<string> Arrays()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Fixture("imaging", "io", "npy"), "*_?_?e.npy").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Arrays))]
    public void Read_MatchesNumPy(string name)
    {
        var expected = NpyFixture.Load("imaging", "io", "npy", name.Split('_')[0] + ".expected.npy");
        var array = NpyReader.Read(Npy(name + ".npy"));
        Assert.Equal(expected.Shape, array.Shape);
        Assert.Equal(expected.Values, array.ToDoubleArray());
    }

    [Fact]
    public void Fixtures_CoverEveryDTypeOrderAndEndianness()
    {
        var names = Directory.GetFiles(RepoPaths.Fixture("imaging", "io", "npy"), "*_?_?e.npy").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        // 11 dtypes × (C, F) little endian + the 8 multi-byte dtypes × (C, F) big endian.
        Assert.Equal((11 * 2) + (8 * 2), names.Count);
        Assert.Contains("f8_F_be", names);
        Assert.Contains("u1_F_le", names);
    }

    [Fact]
    public void UInt8_WideningKernel_EveryLength0To257()
    {
        for (var n = 0; n <= 257; n++)
        {
            var values = Enumerable.Range(0, n).Select(i => (float)((i * 97) % 256)).ToArray();
            using var stream = new MemoryStream();
            NpyWriter.Write(stream, new NpyArray([n], values, NpyDType.UInt8));
            Assert.Equal(values, NpyReader.Decode(stream.ToArray(), "u1.npy", ReadOptions.Default).Floats);
        }
    }

    [Fact]
    public void Read_Version2Header()
    {
        var expected = NpyFixture.Load("imaging", "io", "npy", "v2.expected.npy");
        var array = NpyReader.Read(Npy("v2.npy"));
        Assert.Equal(NpyDType.Float32, array.DType);
        Assert.Equal(expected.Values, array.ToDoubleArray());
    }

    [Fact]
    public void Npy_ObjectArray_IsRefusedNotUnpickled()
    {
        var e = Assert.Throws<ImageFormatException>(() => NpyReader.Read(Npy("object.npy")));
        Assert.Contains("unpickling", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("written_f4_2d")]
    [InlineData("written_f8_1d")]
    [InlineData("written_u1_3d")]
    public void Write_IsByteIdenticalToNumPySave(string name)
    {
        var original = File.ReadAllBytes(Npy(name + ".npy"));
        var array = NpyReader.Decode(original, name, ReadOptions.Default);
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, array);
        Assert.Equal(original, stream.ToArray());
    }

    [Fact]
    public void FeatureMatrix_Float64_RoundTrips()
    {
        var values = Enumerable.Range(0, 30).Select(i => Math.Sin(i) * 1e-3).ToArray();
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, new NpyArray([10, 3], values));
        var back = NpyReader.Decode(stream.ToArray(), "features.npy", ReadOptions.Default);
        Assert.Equal(new[] { 10, 3 }, back.Shape);
        Assert.Equal(values, back.Doubles);
    }

    [Fact]
    public void Image_WrittenAsHeightWidthChannels_RoundTrips()
    {
        var image = new Image(3, 2, 5);
        for (var i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (i * 13) % 256;
        }

        var array = NpyWriter.FromImage(image);
        Assert.Equal(new[] { 2, 5, 3 }, array.Shape);
        Assert.Equal(NpyDType.UInt8, array.DType);
        Assert.Equal(image[2, 1, 4], array.Floats![(((1 * 5) + 4) * 3) + 2]);
        Assert.Equal(image.Data, NpyReader.ToImage(array, "x").Data);
    }

    [Theory]
    [InlineData("stored.npz")]
    [InlineData("deflated.npz")]
    public void Npz_ReadsEveryArray(string file)
    {
        var arrays = NpzReader.Read(Npy(file));
        Assert.Equal(["a", "b", "c"], arrays.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, array) in arrays)
        {
            var expected = NpyFixture.Load("imaging", "io", "npy", $"npz_{key}.expected.npy");
            Assert.Equal(expected.Shape, array.Shape);
            Assert.Equal(expected.Values, array.ToDoubleArray());
        }
    }

    [Fact]
    public void Npz_PathTraversalEntry_IsFormatError()
    {
        var e = Assert.Throws<ImageFormatException>(() => NpzReader.Read(Npy("traversal.npz")));
        Assert.Contains("../evil.npy", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Npz_WriteThenRead_RoundTrips(bool compressed)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mv-npz-{Environment.ProcessId}-{compressed}.npz");
        try
        {
            var arrays = new Dictionary<string, NpyArray>
            {
                ["train_x"] = new([2, 2], new float[] { 1, 2, 3, 4.5f }),
                ["train_y"] = new([2], new double[] { 0, 1 }, NpyDType.Int64),
            };
            NpzWriter.Write(path, arrays, compressed);
            var back = NpzReader.Read(path);
            Assert.Equal(arrays["train_x"].Floats, back["train_x"].Floats);
            Assert.Equal(NpyDType.Int64, back["train_y"].DType);
            Assert.Equal(new double[] { 0, 1 }, back["train_y"].Doubles);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromMatrix_IsRowMajor()
    {
        var array = NpyArray.FromMatrix(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(NpyDType.Float64, array.DType);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], array.Doubles!);
        Assert.Equal([1f, 2, 3, 4], NpyArray.FromMatrix(new float[,] { { 1, 2 }, { 3, 4 } }).Floats!);
    }

    [Theory]
    [InlineData("stored.npz")]
    [InlineData("deflated.npz")]
    public void Npz_TruncatedAtEvery64th_IsFormatErrorOnly(string file)
    {
        var bytes = File.ReadAllBytes(Npy(file));
        for (var k = 0; k < 64; k++)
        {
            var cut = bytes[..(bytes.Length * k / 64)];
            using var stream = new MemoryStream(cut);
            Assert.Throws<ImageFormatException>(() => NpzReader.Read(stream, $"{file}[..{cut.Length}]", ReadOptions.Default));
        }
    }

    [Fact]
    public void Npz_EntryInflatingBeyondBudget_IsFormatError()
    {
        // A 4 MB array of zeros deflates to a few kB: the budget, not the archive size, must bound the read.
        using var archive = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(archive, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("zeros.npy", System.IO.Compression.CompressionLevel.Optimal).Open();
            NpyWriter.Write(entry, new NpyArray([1 << 20], new float[1 << 20]));
        }

        archive.Position = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageFormatException>(() => NpzReader.Read(archive, "bomb.npz", new ReadOptions { MaxBytes = 1 << 20 }));
        Assert.Contains("MaxBytes", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
    }

    [Fact]
    public void Npz_Write_RefusesTraversalName() =>
        Assert.Throws<ArgumentException>(() => NpzWriter.Write(Path.Combine(Path.GetTempPath(), "never.npz"), new Dictionary<string, NpyArray> { ["../x"] = new([1], new float[] { 1 }) }));
}
