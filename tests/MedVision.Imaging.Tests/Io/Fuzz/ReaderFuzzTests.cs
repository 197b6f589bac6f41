using System.Diagnostics;
using System.IO.Compression;
using MedVision.Imaging.Io;
using MedVision.Imaging.Io.Dicom;
using MedVision.Imaging.Io.Jpeg;
using MedVision.Nn.Weights;
using MedVision.Testing;
using Xunit.Abstractions;

namespace MedVision.Imaging.Tests.Io.Fuzz;

/// <summary>
/// Mutation fuzzing of every file reader, from one table (<see cref="Readers"/>): 2–3 small valid seeds per reader,
/// <see cref="MutantsPerReader"/> deterministic mutants each (<see cref="Mutator"/>; for PNG every other mutant gets its
/// chunk CRCs repaired so that it reaches the decoder), every mutant written to a file
/// and read through the reader's path entry point. For every mutant the reader must return a result or throw a
/// typed format error — <see cref="ImageFormatException"/> for images, <see cref="WeightFormatException"/> (and its
/// <see cref="UnsafePickleException"/>) for weights — whose message names the file and holds no control character;
/// nothing else (IndexOutOfRange, NullReference, Overflow, InvalidCast, OutOfMemory…). Each read finishes within
/// <see cref="TimeLimit"/> and allocates at most <see cref="Budget"/> bytes, the budget the readers are given.
/// </summary>
public sealed class ReaderFuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The memory budget given to the readers, and the most one read may allocate.</summary>
    public const long Budget = 256L << 20;

    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(5);

    private static readonly ReadOptions ImageBudget = new() { MaxBytes = Budget, MaxPixels = Budget / 8 };

    private static readonly WeightReadOptions WeightBudget = new() { MaxBytes = Budget };

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mv-fuzz-");

    /// <summary>Mutants per reader: <c>MV_FUZZ_MUTANTS</c>, default 1,000.</summary>
    public static int MutantsPerReader { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("MV_FUZZ_MUTANTS"), out var n) && n > 0 ? n : 1000;

    /// <summary>Every reader: its seeds and how one file is read (fully: header, pixels, tensors).</summary>
    internal static IReadOnlyList<FuzzReader> Readers { get; } =
    [
        new("PNG", [Io("png", "pil_RGBA.png"), Io("png", "ct3_d8_i1.png"), Io("png", "trns_ct2_d16_i0.png")], p => PngReader.Read(p, ImageBudget)) { Repair = PngChunks.FixCrcs },
        new("PNM", [Io("pnm", "ascii_rgb.ppm"), Io("pnm", "pil_I16.pgm"), Io("pnm", "pil_1.pbm")], p => PnmReader.Read(p, ImageBudget)),
        new("NumPy", [Io("npy", "f8_F_be.npy"), Io("npy", "i2_C_le.npy"), Io("npy", "v2.npy")], p => NpyReader.Read(p, ImageBudget)),
        new("NumPy zip", [Io("npy", "deflated.npz"), Io("npy", "stored.npz")], p => NpzReader.Read(p, ImageBudget)),
        new("MetaImage", [Io("metaimage", "ct_double_be.mha"), Io("metaimage", "rgb2d.mha"), Seed.WithCompanion(Io("metaimage", "ct_zlib.mhd"), Io("metaimage", "ct_zlib.zraw"))], ReadMetaImage),
        new("JPEG", [Jpeg("gray_baseline_45x31.jpg"), Jpeg("rgb422_progressive_45x31.jpg"), Jpeg("gray_restart_45x31.jpg")], p => JpegReader.Read(p, ImageBudget)),
        new("DICOM", [Dicom("image_dfl.dcm"), Dicom("MR_small_RLE.dcm"), Dicom("SC_rgb_small_odd_jpeg.dcm")], ReadDicom),
        new("safetensors", [Weights("valid.safetensors"), new Seed("written.safetensors", WrittenSafeTensors())], p => SafeTensors.Read(p, WeightBudget)),
        new("PyTorch", [Weights("state_zip.pt"), new Seed("deflated.pt", Deflated(Weights("state_zip.pt").Bytes)), Weights("state_legacy.pt")], p => PyTorchCheckpoint.Load(p, WeightBudget)),
    ];

    public static TheoryData<string> ReaderNames() => new(Readers.Select(r => r.Name));

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Table_CoversEveryImageFormatAndTheWeightReaders()
    {
        var names = Readers.Select(r => r.Name).ToHashSet();
        foreach (var format in ImageFile.Formats)
        {
            Assert.Contains(format.Name, names);
        }

        Assert.Contains("NumPy zip", names);
        Assert.Contains("safetensors", names);
        Assert.Contains("PyTorch", names);
    }

    [Theory]
    [MemberData(nameof(ReaderNames))]
    public void Seeds_ReadWithoutError(string reader)
    {
        var entry = Readers.Single(r => r.Name == reader);
        foreach (var seed in entry.Seeds)
        {
            entry.Read(Write(seed, seed.Bytes));
        }
    }

    [Theory]
    [MemberData(nameof(ReaderNames))]
    public void Mutants_ReturnOrThrowTypedFormatErrors_WithinTimeAndBudget(string reader)
    {
        var entry = Readers.Single(r => r.Name == reader);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        long worstBytes = 0;
        var worstTime = TimeSpan.Zero;
        int typed = 0, read = 0;
        for (var k = 0; k < MutantsPerReader; k++)
        {
            var seed = entry.Seeds[k % entry.Seeds.Count];
            var mutant = Mutator.Mutate(seed.Bytes, Mutator.StableSeed(reader + "/" + seed.Name), k);
            if (entry.Repair is not null && k % 2 == 1)
            {
                // Every other mutant gets valid checksums again, so that it reaches the decoder behind them.
                entry.Repair(mutant);
            }

            var path = Write(seed, mutant);
            var outcome = Run(entry, path);
            worstBytes = Math.Max(worstBytes, outcome.Allocated);
            worstTime = outcome.Elapsed > worstTime ? outcome.Elapsed : worstTime;
            var problem = outcome.Error switch
            {
                null when outcome.TimedOut => $"did not finish within {TimeLimit.TotalSeconds} s",
                null => null,
                ImageFormatException or WeightFormatException => CheckMessage(outcome.Error, seed.Name),
                _ => $"{outcome.Error.GetType().Name}: {outcome.Error.Message} {string.Join(" < ", (outcome.Error.StackTrace ?? "").Split('\n').Take(3).Select(l => l.Trim()))}",
            };
            problem ??= outcome.Allocated > Budget ? $"allocated {outcome.Allocated} bytes, above the {Budget}-byte budget" : null;
            if (problem is not null)
            {
                failures.Add($"{reader} mutant {k} of {seed.Name}: {problem}");
            }

            typed += outcome.Error is null ? 0 : 1;
            read += outcome.Error is null && !outcome.TimedOut ? 1 : 0;
        }

        output.WriteLine($"{reader}: {MutantsPerReader} mutants ({read} read, {typed} typed errors) in {clock.Elapsed.TotalSeconds:F1} s; slowest {worstTime.TotalMilliseconds:F0} ms, most allocated {worstBytes >> 10} KiB");
        Assert.True(failures.Count == 0, $"{failures.Count} of {MutantsPerReader} mutants failed:\n" + string.Join("\n", failures.Take(8)));
    }

    private static string? CheckMessage(Exception error, string fileName)
    {
        if (!error.Message.Contains(fileName, StringComparison.Ordinal))
        {
            return $"{error.GetType().Name} does not name the file: {error.Message}";
        }

        return error.Message.Any(char.IsControl) ? $"{error.GetType().Name} message holds control characters: {error.Message}" : null;
    }

    /// <summary>Reads on a thread of its own so that a hang is reported, counting only that thread's allocations.</summary>
    private static Outcome Run(FuzzReader entry, string path)
    {
        var watch = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(
            () =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    entry.Read(path);
                    return (Error: (Exception?)null, Allocated: GC.GetAllocatedBytesForCurrentThread() - before);
                }
                catch (Exception e)
                {
                    return (Error: e, Allocated: GC.GetAllocatedBytesForCurrentThread() - before);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        if (!task.Wait(TimeLimit))
        {
            return new Outcome(null, 0, watch.Elapsed, TimedOut: true);
        }

        return new Outcome(task.Result.Error, task.Result.Allocated, watch.Elapsed, TimedOut: false);
    }

    private string Write(Seed seed, byte[] bytes)
    {
        var folder = Path.Combine(_temp.FullName, seed.Name);
        Directory.CreateDirectory(folder);
        foreach (var (name, data) in seed.Companions)
        {
            var companion = Path.Combine(folder, name);
            if (!File.Exists(companion))
            {
                File.WriteAllBytes(companion, data);
            }
        }

        var path = Path.Combine(folder, seed.Name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void ReadMetaImage(string path)
    {
        if (MetaImageReader.Inspect(path, ImageBudget).Channels > 1)
        {
            MetaImageReader.ReadImage(path, ImageBudget);
        }
        else
        {
            MetaImageReader.ReadVolume(path, ImageBudget);
        }
    }

    private static void ReadDicom(string path)
    {
        var file = DicomFile.Read(path, ImageBudget);
        _ = file.ToString();
        file.PixelArray();
    }

    private static Seed Io(string folder, string name) => Seed.From(RepoPaths.Fixture("imaging", "io", folder, name));

    private static Seed Jpeg(string name) => Seed.From(RepoPaths.Fixture("imaging", "jpeg", name));

    private static Seed Dicom(string name) => Seed.From(RepoPaths.Fixture("imaging", "dicom", name));

    private static Seed Weights(string name) => Seed.From(RepoPaths.Fixture("nn", "weights", name));

    /// <summary>A safetensors file as MedVision writes it, with metadata and three tensors.</summary>
    private static byte[] WrittenSafeTensors()
    {
        var weights = new WeightDict();
        weights.Add("conv.weight", [2, 1, 3, 3], Enumerable.Range(0, 18).Select(i => i * 0.25f).ToArray());
        weights.Add("conv.bias", [2], [0.5f, -0.5f]);
        weights.Add("fc.weight", [3, 2], [1, 2, 3, 4, 5, 6]);
        weights.Metadata["format"] = "pt";
        return SafeTensors.ToBytes(weights);
    }

    /// <summary>The same archive with every entry deflated (torch.save stores them), so inflation is fuzzed too.</summary>
    private static byte[] Deflated(byte[] zip)
    {
        using var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var target = new MemoryStream();
        using (var archive = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = archive.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open();
                from.CopyTo(to);
            }
        }

        return target.ToArray();
    }

    private sealed record Outcome(Exception? Error, long Allocated, TimeSpan Elapsed, bool TimedOut);
}

/// <summary>One row of the fuzz table: a reader's name, its seed files, and a full read of one file.</summary>
internal sealed record FuzzReader(string Name, IReadOnlyList<Seed> Seeds, Action<string> Read)
{
    /// <summary>Restores checksums in a mutant (PNG chunk CRCs), applied to every other mutant; null when the format has none.</summary>
    public Action<byte[]>? Repair { get; init; }
}

/// <summary>A seed file: its name, bytes, and files that must sit beside it unchanged (a MetaImage data file).</summary>
internal sealed record Seed(string Name, byte[] Bytes)
{
    public IReadOnlyList<(string Name, byte[] Bytes)> Companions { get; init; } = [];

    public static Seed From(string path) => new(Path.GetFileName(path), File.ReadAllBytes(path));

    public static Seed WithCompanion(Seed seed, Seed companion) => seed with { Companions = [(companion.Name, companion.Bytes)] };
}
