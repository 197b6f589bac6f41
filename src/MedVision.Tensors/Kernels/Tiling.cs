namespace MedVision.Tensors.Kernels;

/// <summary>Micro-tile (MR×NR) and cache blocking (KCMax, MC) of one SGEMM micro-kernel.</summary>
internal readonly record struct Tiling(int MR, int NR, int KCMax, int MC);

/// <summary>A tile extent known when the JIT compiles a micro-kernel (a generic argument, so each size gets its own body).</summary>
internal interface ITileSize
{
    static abstract int Value { get; }
}

internal readonly struct Size2 : ITileSize
{
    public static int Value => 2;
}

internal readonly struct Size4 : ITileSize
{
    public static int Value => 4;
}

internal readonly struct Size6 : ITileSize
{
    public static int Value => 6;
}

internal readonly struct Size8 : ITileSize
{
    public static int Value => 8;
}

internal readonly struct Size12 : ITileSize
{
    public static int Value => 12;
}

internal readonly struct Size16 : ITileSize
{
    public static int Value => 16;
}

internal readonly struct Size32 : ITileSize
{
    public static int Value => 32;
}
