namespace MedVision.Classical;

/// <summary>
/// NumPy's legacy <c>RandomState</c> (MT19937 seeded by <c>init_genrand</c>), reproducing the draws of
/// <c>random_sample</c>, <c>uniform</c>, <c>shuffle</c> and <c>permutation</c> bit for bit, so that an estimator
/// seeded like scikit-learn's <c>random_state=seed</c> starts from the same weights and visits samples in the same order.
/// </summary>
internal sealed class NumPyRandomState
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <summary>The generator of <c>numpy.random.RandomState(seed)</c>; <paramref name="seed"/> must be in [0, 2³²).</summary>
    public NumPyRandomState(long seed)
    {
        if (seed is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(seed), seed, $"seed must be in [0, 2^32 - 1], got {seed}");
        }

        _mt[0] = (uint)seed;
        for (var i = 1; i < N; i++)
        {
            _mt[i] = (1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i;
        }

        _index = N;
    }

    /// <summary>The next 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            Generate();
        }

        var y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random_sample()</c>: a double in [0, 1) from two 32-bit draws (27 + 26 bits).</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary><c>uniform(low, high)</c>: <c>low + (high − low)·random_sample()</c>.</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary><c>shuffle(values)</c> in place: Fisher–Yates from the end with NumPy's masked rejection sampling.</summary>
    public void Shuffle(Span<int> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = Interval((uint)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary><c>permutation(n)</c>: a shuffled <c>arange(n)</c>.</summary>
    public int[] Permutation(int n)
    {
        var values = Enumerable.Range(0, n).ToArray();
        Shuffle(values);
        return values;
    }

    // random_interval(max): draw with the smallest all-ones mask ≥ max until the value is ≤ max.
    private int Interval(uint max)
    {
        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max)
        {
        }

        return (int)value;
    }

    private void Generate()
    {
        for (var k = 0; k < N; k++)
        {
            var y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
            _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }

        _index = 0;
    }
}
