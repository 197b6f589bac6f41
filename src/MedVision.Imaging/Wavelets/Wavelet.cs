using System.Collections.Frozen;

namespace MedVision.Imaging.Wavelets;

/// <summary>
/// A two-channel filter bank as PyWavelets' <c>pywt.Wavelet</c>: decomposition low/high-pass filters
/// (<see cref="DecLo"/>, <see cref="DecHi"/>) and reconstruction filters (<see cref="RecLo"/>, <see cref="RecHi"/>),
/// all of the same even length. Built-in names: <c>haar</c>, <c>db1</c>–<c>db20</c>, <c>sym2</c>–<c>sym20</c>,
/// <c>coif1</c>–<c>coif5</c>, <c>bior1.1</c>…<c>bior6.8</c>, <c>rbio1.1</c>…<c>rbio6.8</c>; their low-pass
/// coefficients are PyWavelets 1.1.1's float64 values (generated table, see
/// <c>tests/fixtures/scripts/imaging_wavelets.py</c>), and the high-pass filters follow by PyWavelets' rule
/// <c>rec_hi[i] = (−1)^i dec_lo[i]</c>, <c>dec_hi[i] = (−1)^(L−1−i) rec_lo[i]</c>.
/// </summary>
public sealed class Wavelet
{
    private static readonly FrozenDictionary<string, Wavelet> BuiltIn = WaveletFilterTable.Entries
        .Select(e => new Wavelet(e.Name, e.Family, e.IsOrthogonal, e.DecLo, HighPass(e.RecLo, reversedSigns: true), e.RecLo, HighPass(e.DecLo, reversedSigns: false)))
        .ToFrozenDictionary(w => w.Name, StringComparer.OrdinalIgnoreCase);

    private readonly double[] _decLo;
    private readonly double[] _decHi;
    private readonly double[] _recLo;
    private readonly double[] _recHi;

    /// <summary>
    /// A user filter bank (PyWavelets' <c>Wavelet(name, filter_bank=[dec_lo, dec_hi, rec_lo, rec_hi])</c>).
    /// The four filters must be non-empty, of one even length. The arrays are copied.
    /// </summary>
    public Wavelet(string name, double[] decLo, double[] decHi, double[] recLo, double[] recHi)
        : this(name, WaveletFamily.Custom, false, Checked(decLo, decLo), Checked(decHi, decLo), Checked(recLo, decLo), Checked(recHi, decLo))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
    }

    private Wavelet(string name, WaveletFamily family, bool isOrthogonal, double[] decLo, double[] decHi, double[] recLo, double[] recHi)
    {
        Name = name;
        Family = family;
        IsOrthogonal = isOrthogonal;
        _decLo = decLo;
        _decHi = decHi;
        _recLo = recLo;
        _recHi = recHi;
        DecLoReversed = decLo.Reverse().ToArray();
        DecHiReversed = decHi.Reverse().ToArray();
    }

    /// <summary>Every built-in wavelet name, in the order haar, db, sym, coif, bior, rbio.</summary>
    public static IReadOnlyList<string> Names { get; } = WaveletFilterTable.Entries.Select(e => e.Name).ToArray();

    /// <summary>The name (<c>db5</c>), as PyWavelets spells it.</summary>
    public string Name { get; }

    public WaveletFamily Family { get; }

    /// <summary>True for haar, db, sym and coif (reconstruction filters are the time-reversed analysis filters).</summary>
    public bool IsOrthogonal { get; }

    /// <summary>Length L of each of the four filters (<c>dec_len</c>).</summary>
    public int FilterLength => _decLo.Length;

    /// <summary>Decomposition low-pass filter (<c>dec_lo</c>).</summary>
    public ReadOnlySpan<double> DecLo => _decLo;

    /// <summary>Decomposition high-pass filter (<c>dec_hi</c>).</summary>
    public ReadOnlySpan<double> DecHi => _decHi;

    /// <summary>Reconstruction low-pass filter (<c>rec_lo</c>).</summary>
    public ReadOnlySpan<double> RecLo => _recLo;

    /// <summary>Reconstruction high-pass filter (<c>rec_hi</c>).</summary>
    public ReadOnlySpan<double> RecHi => _recHi;

    /// <summary><see cref="DecLo"/> reversed: the analysis kernels take dot products with contiguous windows.</summary>
    internal double[] DecLoReversed { get; }

    internal double[] DecHiReversed { get; }

    /// <summary>The built-in wavelet called <paramref name="name"/> (case-insensitive), e.g. <c>Wavelet.Get("db5")</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the families.</exception>
    public static Wavelet Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGet(name, out var wavelet) ? wavelet
            : throw new ArgumentException(
                $"unknown wavelet '{name}'; expected haar, db1–db20, sym2–sym20, coif1–coif5, bior1.1…bior6.8 or rbio1.1…rbio6.8",
                nameof(name));
    }

    /// <summary>Looks up a built-in wavelet by name (case-insensitive).</summary>
    public static bool TryGet(string name, out Wavelet wavelet) => BuiltIn.TryGetValue(name, out wavelet!);

    public override string ToString() => $"Wavelet({Name}, L={FilterLength})";

    // rec_hi[i] = (−1)^i dec_lo[i]; dec_hi[i] = (−1)^(L−1−i) rec_lo[i] (PyWavelets wavelets.c).
    private static double[] HighPass(double[] lowPass, bool reversedSigns)
    {
        var l = lowPass.Length;
        var result = new double[l];
        for (var i = 0; i < l; i++)
        {
            var odd = ((reversedSigns ? l - 1 - i : i) & 1) == 1;
            result[i] = odd ? -lowPass[i] : lowPass[i];
        }

        return result;
    }

    private static double[] Checked(double[] filter, double[] reference)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(reference);
        if (filter.Length == 0 || filter.Length % 2 != 0 || filter.Length != reference.Length)
        {
            throw new ArgumentException(
                $"the four filters must have one even, non-zero length; got lengths {reference.Length} and {filter.Length}", nameof(filter));
        }

        return (double[])filter.Clone();
    }
}
