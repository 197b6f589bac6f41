namespace MedVision.Evaluation;

/// <summary>
/// Pixels handed to the leakage audit: <see cref="Data"/> holds <c>channels × Height × Width</c> values, planar
/// (channel-major, then row-major), so its length is a multiple of <c>Width·Height</c>.
/// </summary>
public readonly record struct AuditPixels(int Width, int Height, ReadOnlyMemory<float> Data)
{
    /// <summary>Number of planes (Data.Length / (Width·Height)).</summary>
    public int Channels => Width * Height == 0 ? 0 : Data.Length / (Width * Height);

    internal void Validate(string id)
    {
        if (Width <= 0 || Height <= 0 || Data.Length == 0 || Data.Length % ((long)Width * Height) != 0)
        {
            throw new ArgumentException($"sample '{id}': pixels must be channels × {Height} × {Width} values, got {Data.Length}");
        }
    }
}
