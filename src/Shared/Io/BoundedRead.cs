namespace MedVision.Io;

/// <summary>
/// Reads a stream whose length nobody can vouch for (an inflating deflate or zip entry stream) with a hard cap:
/// the output never grows past <c>limit</c> bytes, whatever a header claimed and however well the data compresses.
/// </summary>
internal static class BoundedRead
{
    private const int Chunk = 1 << 16;

    /// <summary>
    /// Everything up to the end of <paramref name="source"/>; more than <paramref name="limit"/> bytes is <paramref name="fail"/>'s
    /// error, whose message names <paramref name="budget"/>, the option or rule that set the limit.
    /// </summary>
    public static byte[] ToEnd(Stream source, long limit, string budget, string what, Func<string, Exception> fail)
    {
        var cap = Math.Min(limit, Array.MaxLength);
        var buffer = Buffers.Allocate<byte>(Math.Min(cap, Chunk), cap, budget, what, fail);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length >= cap)
                {
                    // The buffer is full at the cap: one more byte means the data is over budget.
                    if (source.ReadByte() < 0)
                    {
                        return buffer;
                    }

                    throw fail($"{what} holds more than the limit of {limit} bytes ({budget})");
                }

                var grown = Buffers.Allocate<byte>(Math.Min(cap, (long)buffer.Length * 2), cap, budget, what, fail);
                buffer.AsSpan(0, length).CopyTo(grown);
                buffer = grown;
            }

            var n = source.Read(buffer, length, buffer.Length - length);
            if (n == 0)
            {
                return length == buffer.Length ? buffer : buffer[..length];
            }

            length += n;
        }
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="source"/>; the bytes read, fewer only when the stream ended.</summary>
    public static int Fill(Stream source, Span<byte> destination) => source.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
}
