using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MedVision.Tensors.Kernels;

/// <summary>AVX2 de-interleaving of 16 consecutive floats held in two vectors (callers check <see cref="Avx2.IsSupported"/>).</summary>
internal static class Deinterleave
{
    /// <summary>Values 0, 2, …, 14 of the 16 in <paramref name="lo"/> then <paramref name="hi"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Even(Vector256<float> lo, Vector256<float> hi) =>
        Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();

    /// <summary>Values 1, 3, …, 15 of the 16 in <paramref name="lo"/> then <paramref name="hi"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Odd(Vector256<float> lo, Vector256<float> hi) =>
        Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();
}
