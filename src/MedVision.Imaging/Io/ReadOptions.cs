using MedVision.Io;

namespace MedVision.Imaging.Io;

/// <summary>
/// Budgets every reader respects: no reader allocates a pixel buffer of more than <see cref="MaxPixels"/>
/// values or reads (or inflates) more than <see cref="MaxBytes"/> bytes, and each size in a header is
/// checked against these budgets and against the bytes actually present before anything is allocated.
/// Compressed data (deflated DICOM, .npz entries, PNG and MetaImage zlib streams) is inflated with a hard cap at
/// <see cref="MaxBytes"/>, whatever sizes its headers declare. Readers open only regular files (links resolved):
/// a FIFO, device, socket or directory is an <see cref="ImageFormatException"/> naming the path.
/// Defaults: 2^28 values (1 GiB of float32) and 2 GiB; a service reading untrusted uploads should set both lower.
/// </summary>
public sealed record ReadOptions
{
    /// <summary>The defaults.</summary>
    public static ReadOptions Default { get; } = new();

    /// <summary>Most sample values (pixels × channels, or voxels) one read may produce. Default 2^28.</summary>
    public long MaxPixels { get; init; } = 1L << 28;

    /// <summary>Most bytes one read may load from disk or inflate from compressed data. Default 2 GiB.</summary>
    public long MaxBytes { get; init; } = 2L << 30;

    /// <summary>Throws when <paramref name="values"/> exceeds <see cref="MaxPixels"/> (or the .NET array limit).</summary>
    internal void CheckValues(string path, string field, long values)
    {
        if (values < 0 || values > MaxPixels || values > Array.MaxLength)
        {
            throw new ImageFormatException(path, $"{field} gives {values} values, above the budget of {Math.Min(MaxPixels, Array.MaxLength)} (ReadOptions.MaxPixels)");
        }
    }

    /// <summary>Throws when <paramref name="bytes"/> exceeds <see cref="MaxBytes"/> (or the .NET array limit).</summary>
    internal void CheckBytes(string path, string field, long bytes)
    {
        if (bytes < 0 || bytes > MaxBytes || bytes > Array.MaxLength)
        {
            throw new ImageFormatException(path, $"{field} gives {bytes} bytes, above the budget of {Math.Min(MaxBytes, Array.MaxLength)} (ReadOptions.MaxBytes)");
        }
    }

    /// <summary>All bytes of the regular file <paramref name="path"/> once its length is within <see cref="MaxBytes"/>.</summary>
    internal byte[] ReadFile(string path) => RegularFile.ReadAll(path, MaxBytes, Budget, Fail(path));

    /// <summary>Opens the regular file <paramref name="path"/> (links resolved) for reading.</summary>
    internal static FileStream OpenFile(string path) => RegularFile.Open(path, Fail(path));

    /// <summary>
    /// A buffer of <paramref name="count"/> elements sized from a header: checked against <see cref="MaxBytes"/> first,
    /// and an out-of-memory failure becomes an <see cref="ImageFormatException"/>.
    /// </summary>
    internal T[] Allocate<T>(string path, string field, long count)
        where T : unmanaged => Buffers.Allocate<T>(count, MaxBytes, Budget, field, Fail(path));

    /// <summary>The option named in budget errors.</summary>
    internal const string Budget = "ReadOptions.MaxBytes";

    /// <summary>The typed error for <paramref name="path"/>, for the shared guards.</summary>
    internal static Func<string, Exception> Fail(string path) => detail => new ImageFormatException(path, detail);
}
