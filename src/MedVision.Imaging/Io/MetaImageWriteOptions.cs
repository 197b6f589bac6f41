namespace MedVision.Imaging.Io;

/// <summary>Options of <see cref="MetaImageWriter"/>.</summary>
public sealed record MetaImageWriteOptions
{
    /// <summary>Stored element type (MET_UCHAR = UInt8 … MET_DOUBLE = Float64; Bool is not a MetaImage type). Default Float32 (MET_FLOAT).</summary>
    public NpyDType ElementType { get; init; } = NpyDType.Float32;

    /// <summary>Deflate the data (CompressedData = True). Default false.</summary>
    public bool Compressed { get; init; }
}
