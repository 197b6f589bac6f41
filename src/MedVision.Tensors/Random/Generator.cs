using System.Numerics.Tensors;

namespace MedVision.Tensors;

/// <summary>
/// A seeded pseudo-random generator (xoshiro256** seeded through SplitMix64), the one source of randomness of
/// the tensor engine (PyTorch <c>torch.Generator</c>). The same seed gives the same sequence on every machine
/// and .NET version. Not thread-safe: give each thread its own generator (see <see cref="Fork"/>).
/// </summary>
public sealed class Generator
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>A generator whose sequence is determined by <paramref name="seed"/>.</summary>
    public Generator(ulong seed)
    {
        Seed = seed;
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The seed this generator was created with.</summary>
    public ulong Seed { get; }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => Step(ref _s0, ref _s1, ref _s2, ref _s3);

    /// <summary>
    /// Fills a dropout mask: element i is <paramref name="keep"/> when the i-th <see cref="NextSingle"/> would be
    /// ≥ <paramref name="p"/>, else 0. The same draws as calling <see cref="NextSingle"/> in a loop, with the state
    /// held in registers and the comparison done on the 24-bit integer (exact: k·2⁻²⁴ ≥ p ⇔ k ≥ ⌈p·2²⁴⌉).
    /// </summary>
    public void FillMask(Span<float> destination, float p, float keep)
    {
        var threshold = (ulong)Math.Ceiling((double)p * (1 << 24));
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Step(ref s0, ref s1, ref s2, ref s3) >> 40 >= threshold ? keep : 0f;
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>One xoshiro256** step on the given state words: returns the output and advances the state.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A double uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => ToUnitDouble(NextUInt64());

    /// <summary>
    /// The top 53 bits as a double in [0, 1). They fit a long, whose conversion to double is one instruction where
    /// ulong's takes several without AVX-512; both are exact, so the value is the same.
    /// </summary>
    private static double ToUnitDouble(ulong bits) => (long)(bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>A float uniform in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>An integer uniform in [0, <paramref name="maxExclusive"/>) without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        var bound = (ulong)maxExclusive;
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)(r % bound);
    }

    /// <summary>A standard-normal double (Box–Muller; one pair of uniforms per value).</summary>
    public double NextNormal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="destination"/> with values uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void FillUniform(Span<float> destination, float low, float high)
    {
        var scale = high - low;
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = low + (scale * NextSingle());
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with (float)(low + (high − low)·u), u the <see cref="NextDouble"/> values in
    /// order (PyTorch <c>uniform_</c> on doubles, rounded), with the state held in registers.
    /// </summary>
    public void FillDoubleUniform(Span<float> destination, double low, double high)
    {
        var scale = high - low;
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)(low + (scale * ToUnitDouble(Step(ref s0, ref s1, ref s2, ref s3))));
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>Fills <paramref name="destination"/> with normal values of the given mean and standard deviation.</summary>
    public void FillNormal(Span<float> destination, float mean, float std) => FillNormal(destination, (double)mean, std);

    /// <summary>
    /// Fills <paramref name="destination"/> with (float)(mean + std·z), z the <see cref="NextNormal"/> values in order
    /// (the same draws: element i uses the i-th pair of uniforms), several times faster than a loop over
    /// <see cref="NextNormal"/>: the pairs are drawn a chunk at a time, in order, then the logarithms and cosines are
    /// taken a vector at a time on the kernel threads (each value depends only on its own pair, so the thread count
    /// cannot change it). The vector log and cos may differ from the C library's in a double's last bit, which moves
    /// the rounded float only in rare ties: none of 545 million draws (four seeds) differed.
    /// </summary>
    public void FillNormal(Span<float> destination, double mean, double std)
    {
        const int Chunk = 1 << 16;
        const int Block = 2048;
        var length = Math.Min(Chunk, destination.Length);
        // Padded to whole vectors of 8 with log(1)·cos(0) = 0, so that no value takes a scalar fallback.
        var padded = (length + 7) & ~7;
        var radius = System.Buffers.ArrayPool<double>.Shared.Rent(padded);
        var angle = System.Buffers.ArrayPool<double>.Shared.Rent(padded);
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
        for (var start = 0; start < destination.Length; start += Chunk)
        {
            var count = Math.Min(Chunk, destination.Length - start);
            var used = (count + 7) & ~7;
            for (var i = 0; i < count; i++)
            {
                radius[i] = 1.0 - ToUnitDouble(Step(ref s0, ref s1, ref s2, ref s3));
                angle[i] = ToUnitDouble(Step(ref s0, ref s1, ref s2, ref s3));
            }

            radius.AsSpan(count, used - count).Fill(1.0);
            angle.AsSpan(count, used - count).Clear();
            Parallelism.ForRange((used + Block - 1) / Block, 1, (b0, b1) =>
            {
                var lo = b0 * Block;
                var hi = Math.Min(used, b1 * Block);
                var r = radius.AsSpan(lo, hi - lo);
                var a = angle.AsSpan(lo, hi - lo);
                TensorPrimitives.Log(r, r);
                TensorPrimitives.Multiply(r, -2.0, r);
                TensorPrimitives.Sqrt(r, r);
                TensorPrimitives.Multiply(a, 2.0 * Math.PI, a);
                TensorPrimitives.Cos(a, a);
            });
            var block = destination.Slice(start, count);
            for (var i = 0; i < count; i++)
            {
                block[i] = (float)(mean + (std * (radius[i] * angle[i])));
            }
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
        System.Buffers.ArrayPool<double>.Shared.Return(radius);
        System.Buffers.ArrayPool<double>.Shared.Return(angle);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// The four 64-bit words of the xoshiro256** state (PyTorch <c>Generator.get_state</c>): a generator given
    /// them through <see cref="SetState"/> continues with the same sequence, which is what a resumable checkpoint needs.
    /// </summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>Restores a state from <see cref="GetState"/> (PyTorch <c>Generator.set_state</c>); the seed is left as it was.</summary>
    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException($"a generator state is 4 words, not all zero; got {state.Length} words", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>A new generator seeded from this one's next value: independent streams that stay reproducible.</summary>
    public Generator Fork() => new(NextUInt64());

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
