using System.Buffers.Binary;
using System.Text;
using MedVision.Imaging.Io;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io;

/// <summary>
/// One suite over every (format, fixture) pair of <see cref="ImageFile.Formats"/> that has committed fixtures:
/// write/read round trip, truncation at every 1/64 of the file, and header fields set to 2^31 − 1 — always a
/// typed <see cref="ImageFormatException"/>, never another exception, and no allocation beyond a small bound.
/// </summary>
public sealed class ReaderSuiteTests : IDisposable
{
    // Generous for these few-kB fixtures; a read that trusted a lying header would allocate gigabytes.
    private const long AllocationBound = 8 << 20;

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mv-readers-");

    public static TheoryData<string> Fixtures() => new(FixtureFiles());

    /// <summary>
    /// Fixtures for the truncation sweep: all but the NumPy dtype matrix, of which one wide and one narrow dtype
    /// stand for the rest (the reader's size checks do not depend on the element type).
    /// </summary>
    public static TheoryData<string> TruncationFixtures() => new(FixtureFiles().Where(f =>
        !f.StartsWith("npy", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("f8_", StringComparison.Ordinal)
        || Path.GetFileName(f).StartsWith("u1_", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("v2", StringComparison.Ordinal)));

    private static IEnumerable<string> FixtureFiles()
    {
        var io = RepoPaths.Fixture("imaging", "io");
        var files = Directory.GetFiles(Path.Combine(io, "png"), "*.png")
            .Concat(Directory.GetFiles(Path.Combine(io, "pnm")).Where(f => !f.EndsWith(".npy", StringComparison.Ordinal)))
            .Concat(Directory.GetFiles(Path.Combine(io, "npy"), "*.npy").Where(f => !f.EndsWith("object.npy", StringComparison.Ordinal) && !f.EndsWith(".expected.npy", StringComparison.Ordinal)))
            .Concat(Directory.GetFiles(Path.Combine(io, "metaimage"), "*.mh?"));
        return files.Order(StringComparer.Ordinal).Select(file => Path.GetRelativePath(io, file)).ToArray();
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Suite_CoversEveryFormatOfTheTable()
    {
        var covered = FixtureFiles().Select(file => ImageFile.Detect(Io(file)).Name).ToHashSet();
        foreach (var name in new[] { "PNG", "PNM", "NumPy", "MetaImage" })
        {
            Assert.Contains(name, covered);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void RoundTrip_ThroughTheSameFormat(string fixture)
    {
        var path = Io(fixture);
        var format = ImageFile.Detect(path);
        var target = Path.Combine(_temp.FullName, "copy" + format.Extensions[0]);
        if (format.Name == "NumPy")
        {
            // Arrays of any rank: the writer must keep shape, element type and every value.
            var array = NpyReader.Read(path);
            NpyWriter.Write(target, array);
            var again = NpyReader.Read(target);
            Assert.Equal(array.Shape, again.Shape);
            Assert.Equal(array.DType, again.DType);
            Assert.Equal(array.ToDoubleArray(), again.ToDoubleArray());
            return;
        }

        if (IsVolume(path))
        {
            var volume = ImageFile.ReadVolume(path);
            MetaImageWriter.Write(target, volume);
            var back = ImageFile.ReadVolume(target);
            Assert.Equal(volume.Data, back.Data);
            Assert.Equal(volume.Spacing, back.Spacing);
            return;
        }

        var image = ImageFile.Read(path);
        ImageFile.Write(target, image);
        var copy = ImageFile.Read(target);
        Assert.Equal((image.Channels, image.Height, image.Width), (copy.Channels, copy.Height, copy.Width));
        Assert.Equal(image.Data, copy.Data);
    }

    [Theory]
    [MemberData(nameof(TruncationFixtures))]
    public void Truncated_AtEvery64th_IsFormatErrorOnly(string fixture)
    {
        var path = Io(fixture);
        var bytes = File.ReadAllBytes(path);
        var dataFile = DataFileOf(path);
        for (var k = 0; k < 64; k++)
        {
            var length = (int)((long)bytes.Length * k / 64);
            ExpectFormatErrorOrSuccess(Path.GetFileName(path), bytes[..length], dataFile is null ? null : (Path.GetFileName(dataFile), File.ReadAllBytes(dataFile)), $"{fixture} cut to {length} bytes");
            if (dataFile is not null)
            {
                var data = File.ReadAllBytes(dataFile);
                var cut = (int)((long)data.Length * k / 64);
                // Up to half the data file is always too little; beyond, HeaderSize = −1 files may still hold enough.
                var what = $"{fixture} data cut to {cut} bytes";
                if (k <= 32)
                {
                    ExpectFormatError(Path.GetFileName(path), bytes, (Path.GetFileName(dataFile), data[..cut]), what);
                }
                else
                {
                    ExpectFormatErrorOrSuccess(Path.GetFileName(path), bytes, (Path.GetFileName(dataFile), data[..cut]), what);
                }
            }
        }
    }

    public static TheoryData<string, string> HostileHeaders() => new()
    {
        { "png width", "png" },
        { "png height", "png" },
        { "png chunk length", "png" },
        { "pnm width and height", "pgm" },
        { "pnm maxval", "pgm" },
        { "npy shape", "npy" },
        { "npy header length", "npy" },
        { "mhd DimSize", "mha" },
        { "mhd HeaderSize", "mhd" },
        { "mhd CompressedDataSize", "mhd" },
        { "mhd ElementNumberOfChannels", "mha" },
    };

    [Theory]
    [MemberData(nameof(HostileHeaders))]
    public void HeaderField_Set_To_2pow31Minus1_IsFormatErrorWithoutAllocating(string field, string extension)
    {
        const int Max = int.MaxValue;
        byte[] file;
        (string, byte[])? data = null;
        switch (field)
        {
            case "png width" or "png height" or "png chunk length":
                file = File.ReadAllBytes(Io("png/pil_L.png"));
                var at = field switch { "png width" => 16, "png height" => 20, _ => 8 };
                BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(at), Max);
                if (field != "png chunk length")
                {
                    BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(29), PngChunks.Crc(file.AsSpan(12, 17)));
                }

                break;
            case "pnm width and height":
                file = Encoding.ASCII.GetBytes($"P5\n{Max} {Max}\n255\n\0\0\0\0");
                break;
            case "pnm maxval":
                file = Encoding.ASCII.GetBytes($"P5\n2 2\n{Max}\n\0\0\0\0");
                break;
            case "npy shape":
                file = NpyHeader($"{{'descr': '<f8', 'fortran_order': False, 'shape': ({Max}, {Max}, {Max}), }}");
                break;
            case "npy header length":
                file = [0x93, .. "NUMPY"u8, 2, 0, 0xFF, 0xFF, 0xFF, 0x7F, .. "{'descr'"u8];
                break;
            case "mhd DimSize":
                file = Encoding.ASCII.GetBytes($"NDims = 3\nDimSize = {Max} {Max} {Max}\nElementType = MET_DOUBLE\nElementDataFile = LOCAL\n\0\0\0\0");
                break;
            case "mhd HeaderSize":
                file = Encoding.ASCII.GetBytes($"NDims = 2\nDimSize = 2 2\nHeaderSize = {Max}\nElementType = MET_UCHAR\nElementDataFile = d.raw\n");
                data = ("d.raw", new byte[4]);
                break;
            case "mhd CompressedDataSize":
                file = Encoding.ASCII.GetBytes($"NDims = 2\nDimSize = 2 2\nCompressedData = True\nCompressedDataSize = {Max}\nElementType = MET_UCHAR\nElementDataFile = d.raw\n");
                data = ("d.raw", new byte[4]);
                break;
            default:
                file = Encoding.ASCII.GetBytes($"NDims = 2\nDimSize = 2 2\nElementNumberOfChannels = {Max}\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n\0\0\0\0");
                break;
        }

        ExpectFormatError("hostile." + extension, file, data, field);
    }

    [Fact]
    public void Budget_MaxPixels_IsRespected()
    {
        var options = new ReadOptions { MaxPixels = 100 };
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(Io("png/ct2_d8_i0.png"), options));
        Assert.Contains("MaxPixels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Budget_MaxBytes_IsRespected()
    {
        var options = new ReadOptions { MaxBytes = 50 };
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(Io("pnm/pil_L.pgm"), options));
        Assert.Contains("MaxBytes", e.Message, StringComparison.Ordinal);
    }

    private static string Io(string relative) => RepoPaths.Fixture(["imaging", "io", .. relative.Split('/', '\\')]);

    private static bool IsVolume(string path)
    {
        var info = ImageFile.Inspect(path);
        return info.Sizes.Count == 3 && !(info.Format == "NumPy" && info.Channels > 1);
    }

    private static string? DataFileOf(string path)
    {
        if (!path.EndsWith(".mhd", StringComparison.Ordinal))
        {
            return null;
        }

        var line = File.ReadAllLines(path).Single(l => l.StartsWith("ElementDataFile", StringComparison.Ordinal));
        return Path.Combine(Path.GetDirectoryName(path)!, line.Split('=')[1].Trim());
    }

    private static byte[] NpyHeader(string dict)
    {
        var text = dict.PadRight(117) + "\n";
        return [0x93, .. "NUMPY"u8, 1, 0, (byte)text.Length, 0, .. Encoding.ASCII.GetBytes(text), 1, 2, 3, 4];
    }

    private void ExpectFormatError(string name, byte[] file, (string Name, byte[] Bytes)? data, string what)
    {
        var succeeded = Attempt(name, file, data, what);
        Assert.False(succeeded, $"{what}: expected an ImageFormatException, the read succeeded");
    }

    private void ExpectFormatErrorOrSuccess(string name, byte[] file, (string Name, byte[] Bytes)? data, string what) => Attempt(name, file, data, what);

    /// <summary>Reads the file; true when it decoded, false on ImageFormatException; anything else fails the test.</summary>
    private bool Attempt(string name, byte[] file, (string Name, byte[] Bytes)? data, string what)
    {
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllBytes(path, file);
        if (data is { } d)
        {
            File.WriteAllBytes(Path.Combine(_temp.FullName, d.Name), d.Bytes);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            ImageFile.ReadVolume(path);
            return true;
        }
        catch (ImageFormatException)
        {
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} instead of ImageFormatException: {e.Message}");
            return false;
        }
        finally
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < AllocationBound, $"{what}: allocated {allocated} bytes");
        }
    }
}
