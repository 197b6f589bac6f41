namespace MedVision.Imaging.Io;

/// <summary>Element types of <c>.npy</c> files MedVision reads and writes (NumPy names, .NET casing).</summary>
public enum NpyDType
{
    /// <summary><c>|b1</c> (NumPy <c>bool</c>): 0 or 1.</summary>
    Bool,

    /// <summary><c>|u1</c>.</summary>
    UInt8,

    /// <summary><c>|i1</c>.</summary>
    Int8,

    /// <summary><c>u2</c>.</summary>
    UInt16,

    /// <summary><c>i2</c>.</summary>
    Int16,

    /// <summary><c>u4</c>.</summary>
    UInt32,

    /// <summary><c>i4</c>.</summary>
    Int32,

    /// <summary><c>i8</c>; values beyond ±2^53 lose precision as doubles.</summary>
    Int64,

    /// <summary><c>u8</c>; values beyond 2^53 lose precision as doubles.</summary>
    UInt64,

    /// <summary><c>f4</c>.</summary>
    Float32,

    /// <summary><c>f8</c>.</summary>
    Float64,
}
