namespace MedVision.Tensors;

/// <summary>
/// How many threads the kernels use. Work is always cut into the same pieces, and each output element is
/// computed by one thread in a fixed order, so results are bit-identical for any thread count.
/// </summary>
public static class Parallelism
{
    private static int _threads = Environment.ProcessorCount;

    /// <summary>Threads used by the kernels (≥ 1); default <see cref="Environment.ProcessorCount"/>.</summary>
    public static int Threads
    {
        get => _threads;
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Threads must be ≥ 1, got {value}");
            }

            _threads = value;
        }
    }

    /// <summary>Runs <paramref name="body"/>(i) for i in [0, <paramref name="count"/>) on up to <see cref="Threads"/> threads.</summary>
    internal static void For(int count, Action<int> body)
    {
        var threads = Math.Min(_threads, count);
        if (threads <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }

    /// <summary>
    /// Splits [0, <paramref name="count"/>) into at most <see cref="Threads"/>×4 contiguous ranges of at least
    /// <paramref name="grain"/> items and runs <paramref name="body"/>(start, end) on each. Only for work whose
    /// per-item results do not depend on how the range is cut.
    /// </summary>
    internal static void ForRange(int count, int grain, Action<int, int> body)
    {
        if (count <= 0)
        {
            return;
        }

        var pieces = Math.Min(_threads * 4, Math.Max(1, count / Math.Max(1, grain)));
        if (pieces <= 1 || _threads == 1)
        {
            body(0, count);
            return;
        }

        For(pieces, p => body((int)((long)count * p / pieces), (int)((long)count * (p + 1) / pieces)));
    }
}
