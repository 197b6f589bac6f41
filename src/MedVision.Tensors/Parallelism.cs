namespace MedVision.Tensors;

/// <summary>
/// How many threads the kernels use. Work is always cut into the same pieces, and each output element is
/// computed by one thread in a fixed order, so results are bit-identical for any thread count.
/// </summary>
/// <remarks>
/// The count is the innermost open <see cref="Scope(int)"/> of the calling flow (it follows <c>async</c> code and the
/// tasks it starts, as an <see cref="AsyncLocal{T}"/>), else the process-wide <see cref="Threads"/> setting. Two fits
/// on two threads, each in its own scope, thus use their own counts without seeing each other's.
/// </remarks>
public static class Parallelism
{
    private static readonly AsyncLocal<int> Scoped = new();
    private static int _default = Environment.ProcessorCount;

    /// <summary>
    /// Threads the kernels use in the calling flow (≥ 1): the innermost open <see cref="Scope(int)"/>'s count, else the
    /// process-wide count (default <see cref="Environment.ProcessorCount"/>). Setting it sets the process-wide count,
    /// which every flow without a scope uses.
    /// </summary>
    public static int Threads
    {
        get => Scoped.Value > 0 ? Scoped.Value : _default;
        set => _default = Checked(value);
    }

    /// <summary>
    /// Makes the kernels called from this flow (and the tasks it starts) use <paramref name="threads"/> threads until the
    /// returned scope is disposed: <c>using (Parallelism.Scope(2)) { … }</c>. Scopes nest; disposing one restores the
    /// count that was in force when it was opened. Other flows are not affected.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> &lt; 1.</exception>
    public static ParallelismScope Scope(int threads)
    {
        var previous = Scoped.Value;
        Scoped.Value = Checked(threads);
        return new ParallelismScope(previous);
    }

    /// <summary>Sets the calling flow's scoped count back to <paramref name="previous"/> (0: none).</summary>
    internal static void Restore(int previous) => Scoped.Value = previous;

    private static int Checked(int threads) => threads >= 1
        ? threads
        : throw new ArgumentOutOfRangeException(nameof(threads), threads, $"Threads must be ≥ 1, got {threads}");

    /// <summary>Runs <paramref name="body"/>(i) for i in [0, <paramref name="count"/>) on up to <see cref="Threads"/> threads.</summary>
    internal static void For(int count, Action<int> body)
    {
        var threads = Math.Min(Threads, count);
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

        var threads = Threads;
        var pieces = Math.Min(threads * 4, Math.Max(1, count / Math.Max(1, grain)));
        if (pieces <= 1 || threads == 1)
        {
            body(0, count);
            return;
        }

        For(pieces, p => body((int)((long)count * p / pieces), (int)((long)count * (p + 1) / pieces)));
    }
}
