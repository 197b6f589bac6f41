namespace MedVision.Imaging.Io.Jpeg;

/// <summary>One component of a JPEG frame (SOF): identifier, sampling factors, quantisation table and the
/// coefficient blocks decoded for it so far (natural order, MCU-padded).</summary>
internal sealed class JpegComponent
{
    public required int Id { get; init; }

    public required int H { get; init; }

    public required int V { get; init; }

    public required int QuantTable { get; init; }

    /// <summary>Real sample width, ⌈width·H / Hmax⌉ (libjpeg's <c>downsampled_width</c>).</summary>
    public int Width { get; set; }

    /// <summary>Real sample height, ⌈height·V / Vmax⌉.</summary>
    public int Height { get; set; }

    /// <summary>Blocks per row and per column that a single-component scan codes.</summary>
    public int BlocksWide { get; set; }

    public int BlocksHigh { get; set; }

    /// <summary>Blocks per row and per column allocated: whole MCUs.</summary>
    public int BlocksPerLine { get; set; }

    public int BlocksPerColumn { get; set; }

    public short[] Coefficients { get; set; } = [];

    public int DcTable { get; set; }

    public int AcTable { get; set; }

    public int DcPredictor { get; set; }

    /// <summary>The 64 coefficients of block (row, col).</summary>
    public Span<short> Block(int row, int col) => Coefficients.AsSpan(((row * BlocksPerLine) + col) * 64, 64);
}
