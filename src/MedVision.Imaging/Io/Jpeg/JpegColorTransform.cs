namespace MedVision.Imaging.Io.Jpeg;

/// <summary>What the decoder does with three-component colour data.</summary>
public enum JpegColorTransform
{
    /// <summary>
    /// libjpeg's default: YCbCr (JFIF, Adobe transform 1, or component ids 1-2-3) becomes RGB; Adobe transform 0 or
    /// component ids 'R','G','B' stay as stored. What Pillow returns.
    /// </summary>
    Auto,

    /// <summary>Components as stored, upsampled but not converted (Pillow's <c>draft("YCbCr")</c>, pydicom's YBR_FULL path).</summary>
    None,
}
