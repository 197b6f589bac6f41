namespace MedVision.Tensors;

/// <summary>
/// Reuses float arrays by exact length, so that a training loop, which asks for the same sizes every step,
/// stops allocating after its first step. Small arrays are not pooled; the pool keeps at most
/// <see cref="MaxPooledBytes"/> in total and drops what does not fit.
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
    private static readonly Dictionary<int, Stack<float[]>> Buckets = [];
    private static readonly Lock Gate = new();
    private static long _pooledBytes;

    /// <summary>An array of exactly <paramref name="length"/> floats; contents are undefined unless <paramref name="clear"/>.</summary>
    public static float[] Rent(int length, bool clear = false)
    {
        if (length >= MinPooledLength)
        {
            lock (Gate)
            {
                if (Buckets.TryGetValue(length, out var stack) && stack.Count > 0)
                {
                    var array = stack.Pop();
                    _pooledBytes -= 4L * length;
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
            }

            stack.Push(array);
            _pooledBytes += 4L * array.Length;
        }
    }
}
