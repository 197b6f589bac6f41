using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using MedVision.Imaging.Io;
using MedVision.Imaging.Io.Dicom;
using MedVision.Imaging.Io.Jpeg;
using MedVision.Nn.Weights;
using MedVision.Testing;

namespace MedVision.Imaging.Tests.Io.Fuzz;

/// <summary>
/// Regression tests for the holes hostile files opened in the readers, each named after what broke: inflation
/// without a bound, special files that block, MetaImage data files outside their folder, JPEG frames larger than
/// their data, and error messages that echo raw control bytes.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const long SmallBudget = 8 << 20;

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mv-hostile-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Npz_DeflatedEntryLargerThanBudget_IsFormatError()
    {
        // 128 MiB declared by the .npy header, 32 MiB of zeros actually deflated behind it: refused before inflating.
        var path = Npz("bomb.npz", Npy("(4096, 4096)", "<f8"), 32 << 20);
        var options = new ReadOptions { MaxBytes = SmallBudget };
        var (error, allocated) = Measure(() => NpzReader.Read(path, options));
        var e = Assert.IsType<ImageFormatException>(error);
        Assert.Contains("bomb.npz[a.npy]", e.Message, StringComparison.Ordinal);
        Assert.Contains("declares 134217856 bytes", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 2 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Npz_EntryInflatingPastItsNpyHeader_StopsAtTheDeclaredSize()
    {
        // The header declares 4 doubles; 64 MiB more zeros follow in the entry and are never inflated.
        var path = Npz("long.npz", Npy("(4,)", "<f8"), 64 << 20);
        var (error, allocated) = Measure(() =>
        {
            var arrays = NpzReader.Read(path, new ReadOptions { MaxBytes = SmallBudget });
            Assert.Equal([4], arrays["a"].Shape);
        });
        Assert.Null(error);
        Assert.True(allocated < 2 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Dicom_DeflatedDataSetLargerThanBudget_IsFormatError()
    {
        var original = File.ReadAllBytes(RepoPaths.Fixture("imaging", "dicom", "image_dfl.dcm"));
        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(132 + 8));
        var bodyStart = 132 + 12 + (int)groupLength;
        var bomb = new MemoryStream();
        bomb.Write(original, 0, bodyStart);
        using (var deflate = new DeflateStream(bomb, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(new byte[64 << 20]);
        }

        var path = Path.Combine(_temp.FullName, "bomb.dcm");
        File.WriteAllBytes(path, bomb.ToArray());
        var (error, allocated) = Measure(() => DicomFile.Read(path, new ReadOptions { MaxBytes = SmallBudget }));
        var e = Assert.IsType<ImageFormatException>(error);
        Assert.Contains("deflated data set holds more than", e.Message, StringComparison.Ordinal);
        Assert.Contains("ReadOptions.MaxBytes", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 3 * SmallBudget, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Pth_DeflatedEntryLargerThanBudget_IsFormatError()
    {
        var path = Path.Combine(_temp.FullName, "bomb.pt");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("bomb/data.pkl", CompressionLevel.Fastest).Open();
            entry.Write(new byte[64 << 20]);
        }

        var (error, allocated) = Measure(() => PyTorchCheckpoint.Load(path, new WeightReadOptions { MaxBytes = SmallBudget }));
        var e = Assert.IsType<WeightFormatException>(error);
        Assert.Contains("bomb.pt", e.Message, StringComparison.Ordinal);
        Assert.Contains("WeightReadOptions.MaxBytes", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 3 * SmallBudget, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Pth_CorruptDeflatedEntry_IsFormatErrorNamingTheFile()
    {
        var path = Path.Combine(_temp.FullName, "corrupt.pt");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("corrupt/data.pkl", CompressionLevel.Optimal).Open();
            entry.Write(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => i.ToString("X", null)))));
        }

        var bytes = File.ReadAllBytes(path);
        // The entry's compressed data starts after its 30-byte local header and name; damage its middle.
        var dataStart = 30 + "corrupt/data.pkl".Length;
        for (var i = dataStart + 40; i < dataStart + 60; i++)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsAny<WeightFormatException>(() => PyTorchCheckpoint.Load(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> EntryPoints() => new(["ImageFile.Read", "ImageFile.Detect", "NpzReader.Read", "DicomFile.Read", "SafeTensors.Read", "PyTorchCheckpoint.Load", "MetaImage ElementDataFile"]);

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public async Task Fifo_IsRefusedWithoutBlocking_NamingThePath(string entryPoint)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has no FIFOs in the file system.
        }

        var fifo = Path.Combine(_temp.FullName, "pipe.dat");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var header = Path.Combine(_temp.FullName, "h.mhd");
        File.WriteAllText(header, "NDims = 2\nDimSize = 2 2\nElementType = MET_UCHAR\nElementDataFile = pipe.dat\n");
        Action read = entryPoint switch
        {
            "ImageFile.Read" => () => ImageFile.Read(fifo),
            "ImageFile.Detect" => () => ImageFile.Detect(fifo),
            "NpzReader.Read" => () => NpzReader.Read(fifo),
            "DicomFile.Read" => () => DicomFile.Read(fifo),
            "SafeTensors.Read" => () => SafeTensors.Read(fifo),
            "PyTorchCheckpoint.Load" => () => PyTorchCheckpoint.Load(fifo),
            _ => () => ImageFile.Read(header),
        };
        var task = Task.Run(() => Record.Exception(read));
        Assert.True(await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(5))) == task, $"{entryPoint} blocked on a FIFO");
        var error = await task;
        Assert.True(error is ImageFormatException or WeightFormatException, $"{entryPoint}: {error}");
        Assert.Contains("FIFO", error!.Message, StringComparison.Ordinal);
        Assert.Contains(entryPoint == "MetaImage ElementDataFile" ? header : fifo, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageFile_CharacterDeviceBehindALink_IsFormatError()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var link = Path.Combine(_temp.FullName, "zeros.npy");
        File.CreateSymbolicLink(link, "/dev/zero");
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(link));
        Assert.Contains("character device, not a regular file", e.Message, StringComparison.Ordinal);
        Assert.Contains(link, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetaImage_ElementDataFileLinkLeavingTheFolder_IsFormatError()
    {
        var outside = Path.Combine(_temp.FullName, "secret.raw");
        File.WriteAllBytes(outside, [1, 2, 3, 4]);
        var folder = Directory.CreateDirectory(Path.Combine(_temp.FullName, "scan")).FullName;
        File.CreateSymbolicLink(Path.Combine(folder, "data.raw"), outside);
        var header = Header(folder, "h.mhd", "data.raw");
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(header));
        Assert.Contains("outside the header's folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetaImage_ElementDataFileThroughALinkedFolder_IsFormatError()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_temp.FullName, "elsewhere")).FullName;
        File.WriteAllBytes(Path.Combine(elsewhere, "data.raw"), [1, 2, 3, 4]);
        var folder = Directory.CreateDirectory(Path.Combine(_temp.FullName, "scan")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(folder, "sub"), elsewhere);
        var header = Header(folder, "h.mhd", "sub/data.raw");
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(header));
        Assert.Contains("outside the header's folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetaImage_ElementDataFileLinkInsideTheFolder_IsRead()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp.FullName, "scan")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "real.raw"), [1, 2, 3, 4]);
        File.CreateSymbolicLink(Path.Combine(folder, "data.raw"), "real.raw");
        var image = ImageFile.Read(Header(folder, "h.mhd", "data.raw"));
        Assert.Equal([1f, 2, 3, 4], image.Data);
    }

    [Fact]
    public void MetaImage_ElementDataFilePatternsAndLists_AreFormatErrors()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp.FullName, "scan")).FullName;
        foreach (var value in new[] { "LIST", "slice%03d.raw 1 2 1", "slice%d.raw" })
        {
            var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(Header(folder, "h.mhd", value)));
            Assert.Contains("not supported", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Jpeg_DeclaredSizeBeyondWhatTheDataCanHold_IsFormatError()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", "gray_baseline_45x31.jpg"));
        var sof = Marker(bytes, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5), 8192);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 7), 8192);
        var (error, allocated) = Measure(() => JpegReader.Decode(bytes));
        var e = Assert.IsType<ImageFormatException>(error);
        Assert.Contains("1048576 blocks", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Jpeg_EntropyDataEndingAtAMarker_IsTruncatedError()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", "gray_baseline_45x31.jpg"));
        var sos = Marker(bytes, 0xDA);
        var dataStart = sos + 2 + BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(sos + 2));
        byte[] cut = [.. bytes.AsSpan(0, dataStart + 64), 0xFF, 0xD9];
        var e = Assert.Throws<ImageFormatException>(() => JpegReader.Decode(cut));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jpeg_HuffmanTableOverfull_IsFormatError()
    {
        // Found by the fuzz suite: more short codes than fit used to write past the 9-bit lookup table.
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("imaging", "jpeg", "gray_baseline_45x31.jpg"));
        var counts = bytes.AsSpan(Marker(bytes, 0xC4) + 5, 16);
        var n = 0;
        foreach (var c in counts)
        {
            n += c;
        }

        counts.Clear();
        counts[0] = 2; // both 1-bit codes: no room is left for the rest
        counts[1] = (byte)(n - 2);
        var e = Assert.Throws<ImageFormatException>(() => JpegReader.Decode(bytes));
        Assert.Contains("Huffman table has more codes of length 2 than fit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocation_OutOfMemory_IsFormatErrorNotACrash()
    {
        // 16 GiB of doubles is within this budget but above the test process's 8 GiB GC heap limit (see the csproj).
        Assert.True(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes <= 8L << 30, "the GC heap limit of the test project is not in effect");
        var options = new ReadOptions { MaxBytes = long.MaxValue, MaxPixels = long.MaxValue };
        var e = Assert.Throws<ImageFormatException>(() => options.Allocate<double>("huge.npy", "header 'shape'", Array.MaxLength));
        Assert.Contains("huge.npy: header 'shape' needs", e.Message, StringComparison.Ordinal);
        Assert.Contains("could not be allocated (out of memory)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocation_BeyondBudget_IsFormatErrorBeforeAllocating()
    {
        var options = new ReadOptions { MaxBytes = 1 << 20 };
        var (error, allocated) = Measure(() => options.Allocate<float>("big.png", "IHDR width×height×channels", 1 << 20));
        var e = Assert.IsType<ImageFormatException>(error);
        Assert.Contains("above the budget of 1048576 bytes (ReadOptions.MaxBytes)", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 << 10, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ErrorMessages_EscapeControlBytesFromTheFile()
    {
        var header = Path.Combine(_temp.FullName, "evil.mha");
        File.WriteAllText(header, "NDims = 2\nDimSize = 1 1\nElementType = MET_\u001b[2J\u0007\rFAKE" + new string('x', 500) + "\nElementDataFile = LOCAL\n");
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Read(header));
        Assert.DoesNotContain(e.Message, char.IsControl);
        Assert.Contains("MET_\\x1B[2J\\x07\\rFAKE", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, e.Message);

        var weights = Path.Combine(_temp.FullName, "evil.safetensors");
        var json = "{\"a\\u001b]0;pwned\\u0007\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        File.WriteAllBytes(weights, [.. BitConverter.GetBytes((ulong)json.Length), .. Encoding.ASCII.GetBytes(json), .. new byte[8]]);
        var w = Assert.Throws<WeightFormatException>(() => SafeTensors.Read(weights));
        Assert.DoesNotContain(w.Message, char.IsControl);
        Assert.Contains("a\\x1B]0;pwned\\x07", w.Message, StringComparison.Ordinal);
    }

    /// <summary>What <paramref name="read"/> threw (or null) and the bytes it allocated on its thread.</summary>
    private static (Exception? Error, long Allocated) Measure(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(read);
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] Npy(string shape, string descr)
    {
        var text = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        text = text.PadRight(118 - 1) + "\n";
        return [0x93, .. "NUMPY"u8, 1, 0, (byte)text.Length, 0, .. Encoding.ASCII.GetBytes(text)];
    }

    /// <summary>An .npz of one deflated entry a.npy: <paramref name="header"/> followed by <paramref name="zeros"/> zero bytes.</summary>
    private string Npz(string name, byte[] header, int zeros)
    {
        var path = Path.Combine(_temp.FullName, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using var entry = zip.CreateEntry("a.npy", CompressionLevel.Fastest).Open();
        entry.Write(header);
        entry.Write(new byte[zeros]);
        return path;
    }

    private static string Header(string folder, string name, string dataFile)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, $"NDims = 2\nDimSize = 2 2\nElementType = MET_UCHAR\nElementDataFile = {dataFile}\n");
        return path;
    }

    private static int Marker(byte[] bytes, byte marker)
    {
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no marker 0xFF{marker:X2}");
    }
}
