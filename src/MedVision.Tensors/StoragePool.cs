namespace MedVision.Tensors;

/// <summary>
/// Reuses float arrays, so that a training loop, which asks for the same sizes every step, stops allocating after its
/// first step. A request takes a pooled array of its exact length when there is one, else the shortest pooled array of
/// up to twice its length: the last, smaller batch of an epoch and the evaluation batches then run in the buffers of
/// the full training batch instead of adding a set of their own. Callers use the first <c>length</c> values of what
/// they rent (<see cref="Tensor.Length"/>), never the array's own length. Small arrays are not pooled; the pool keeps
/// at most <see cref="MaxPooledBytes"/> in total and drops what does not fit.
/// </summary>
internal static class StoragePool
{
    private const int MinPooledLength = 4096;

    /// <summary>
    /// What the pool may keep: 4 GiB, or a quarter of the memory the runtime may use when that is less. Buffers given
    /// back beyond it are left to the garbage collector, which lets them pile up between collections: with a 1 GiB cap a
    /// VGG-16 patch study (2–3 GB of activations per evaluation chunk) peaked at 9–14 GB resident, with 4 GiB at 2.4 GB.
    /// </summary>
    private static readonly long MaxPooledBytes = Math.Min(4L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>How much longer than asked a pooled array may be and still be handed out.</summary>
    private const int MaxOversize = 2;

    private static readonly Dictionary<int, Stack<float[]>> Buckets = [];

    /// <summary>The lengths of <see cref="Buckets"/>, ascending, for the best-fit search.</summary>
    private static readonly List<int> Lengths = [];
    private static readonly Lock Gate = new();
    private static long _pooledBytes;

    /// <summary>
    /// An array of at least <paramref name="length"/> floats (at most <see cref="MaxOversize"/> times as many); its
    /// contents are undefined unless <paramref name="clear"/>.
    /// </summary>
    public static float[] Rent(int length, bool clear = false)
    {
        if (length >= MinPooledLength)
        {
            lock (Gate)
            {
                if (TakeBestFit(length) is { } array)
                {
                    _pooledBytes -= 4L * array.Length;
                    if (clear)
                    {
                        Array.Clear(array);
                    }

                    TensorScope.Rented(array);
                    return array;
                }
            }

            var fresh = clear ? new float[length] : GC.AllocateUninitializedArray<float>(length);
            TensorScope.Rented(fresh);
            return fresh;
        }

        return new float[length];
    }

    /// <summary>Gives <paramref name="array"/> back; the caller must hold no other reference to it.</summary>
    public static void Return(float[] array)
    {
        if (array.Length < MinPooledLength)
        {
            return;
        }

        TensorScope.Returned(array);
        lock (Gate)
        {
            if (_pooledBytes + 4L * array.Length > MaxPooledBytes)
            {
                return;
            }

            if (!Buckets.TryGetValue(array.Length, out var stack))
            {
                stack = new Stack<float[]>();
                Buckets[array.Length] = stack;
                var at = Lengths.BinarySearch(array.Length);
                Lengths.Insert(~at, array.Length);
            }

            stack.Push(array);
            _pooledBytes += 4L * array.Length;
        }
    }

    /// <summary>Drops every pooled array (they are left to the garbage collector).</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            Buckets.Clear();
            Lengths.Clear();
            _pooledBytes = 0;
        }
    }

    /// <summary>Pops the shortest pooled array of <paramref name="length"/> to <see cref="MaxOversize"/> × that; null if none. Holds <see cref="Gate"/>.</summary>
    private static float[]? TakeBestFit(int length)
    {
        var at = Lengths.BinarySearch(length);
        var limit = (long)length * MaxOversize;
        for (var i = at >= 0 ? at : ~at; i < Lengths.Count && Lengths[i] <= limit; i++)
        {
            var stack = Buckets[Lengths[i]];
            if (stack.Count > 0)
            {
                return stack.Pop();
            }
        }

        return null;
    }
}
