using MedVision.Io;

namespace MedVision.Nn.Weights;

/// <summary>
/// The budget every weight reader (<see cref="SafeTensors"/>, <see cref="PyTorchCheckpoint"/>) respects: no read loads
/// or inflates more than <see cref="MaxBytes"/> bytes, and every buffer sized from a header (a zip entry, a storage, a
/// tensor) is checked against it before it is allocated. Zip entries are inflated with a hard cap, whatever size
/// their headers declare. Only regular files are opened (links resolved): a FIFO, device or directory is a
/// <see cref="WeightFormatException"/> naming the path. Default 2 GiB.
/// </summary>
public sealed record WeightReadOptions
{
    /// <summary>The defaults.</summary>
    public static WeightReadOptions Default { get; } = new();

    /// <summary>Most bytes one read may load from disk, inflate, or allocate for tensors. Default 2 GiB.</summary>
    public long MaxBytes { get; init; } = 2L << 30;

    /// <summary>A buffer of <paramref name="count"/> elements, checked against <see cref="MaxBytes"/>; out of memory becomes a typed error.</summary>
    internal T[] Allocate<T>(string source, string field, long count)
        where T : unmanaged => Buffers.Allocate<T>(count, MaxBytes, Budget, field, Fail(source));

    /// <summary>The option named in budget errors.</summary>
    internal const string Budget = "WeightReadOptions.MaxBytes";

    /// <summary>The typed error for <paramref name="source"/>, for the shared guards.</summary>
    internal static Func<string, Exception> Fail(string source) => detail => new WeightFormatException(source, detail);
}
