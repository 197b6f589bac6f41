using System.Net.Http.Headers;
using System.Text;

namespace MedVision.Data.DicomWeb;

/// <summary>
/// multipart/related messages (RFC 2387 over RFC 2046 §5.1) as DICOMweb uses them (PS3.18 §8.6.1.2): WADO-RS answers
/// and STOW-RS requests of <c>type="application/dicom"</c> parts. Parsing works on a body already read into memory
/// (under the caller's byte limit) and stops at <c>maxParts</c>; malformed messages are an
/// <see cref="InvalidDataException"/> that says what was wrong.
/// </summary>
public static class MultipartRelated
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>The Content-Type of a multipart/related message of <paramref name="type"/> parts with <paramref name="boundary"/>.</summary>
    public static string ContentType(string boundary, string type = "application/dicom") =>
        $"multipart/related; type=\"{type}\"; boundary={boundary}";

    /// <summary>A new random boundary (RFC 2046: at most 70 characters from a safe set).</summary>
    public static string NewBoundary() => "mv-" + Guid.NewGuid().ToString("N");

    /// <summary>The boundary parameter of a multipart/related <paramref name="contentType"/>.</summary>
    public static string Boundary(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !string.Equals(media.MediaType, "multipart/related", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"expected Content-Type multipart/related, got '{contentType}'");
        }

        var boundary = media.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        // RFC 2046 allows 70 characters; Orthanc 1.10 sends 73, so longer ones are accepted too (up to a sane bound).
        return boundary is { Length: > 0 and <= 200 } ? boundary
            : throw new InvalidDataException($"Content-Type '{contentType}' has no boundary parameter of 1–200 characters");
    }

    /// <summary>The body of a message of <paramref name="parts"/> (each with its Content-Type) with <paramref name="boundary"/>.</summary>
    public static byte[] Build(IEnumerable<MultipartPart> parts, string boundary)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var output = new MemoryStream();
        var dash = Encoding.ASCII.GetBytes("--" + boundary);
        foreach (var part in parts)
        {
            output.Write(dash);
            output.Write(Crlf);
            output.Write(Encoding.ASCII.GetBytes($"Content-Type: {part.ContentType ?? "application/octet-stream"}\r\n\r\n"));
            output.Write(part.Body.Span);
            output.Write(Crlf);
        }

        output.Write(dash);
        output.Write("--\r\n"u8);
        return output.ToArray();
    }

    /// <summary>The parts of a message whose Content-Type is <paramref name="contentType"/>; more than <paramref name="maxParts"/> is an error.</summary>
    public static IReadOnlyList<MultipartPart> Parse(ReadOnlyMemory<byte> body, string? contentType, int maxParts)
    {
        var dash = Encoding.ASCII.GetBytes("--" + Boundary(contentType));
        var span = body.Span;
        var pos = span.StartsWith(dash) ? 0 : IndexOf(span, [.. Crlf, .. dash], 0) is var first and >= 0 ? first + 2
            : throw new InvalidDataException($"multipart body ({body.Length} bytes) holds no boundary '--{Encoding.ASCII.GetString(dash, 2, dash.Length - 2)}'");
        var parts = new List<MultipartPart>();
        while (true)
        {
            pos += dash.Length;
            if (span[pos..].StartsWith("--"u8))
            {
                return parts;
            }

            while (pos < span.Length && span[pos] is (byte)' ' or (byte)'\t')
            {
                pos++; // transport padding
            }

            if (!span[pos..].StartsWith(Crlf))
            {
                throw new InvalidDataException($"multipart boundary at byte {pos} is not followed by CRLF");
            }

            pos += 2;
            string? type = null;
            int start;
            if (span[pos..].StartsWith(Crlf))
            {
                start = pos + 2; // a part without headers
            }
            else
            {
                var headerEnd = IndexOf(span, "\r\n\r\n"u8, pos);
                if (headerEnd < 0)
                {
                    throw new InvalidDataException($"multipart part at byte {pos} has no blank line after its headers");
                }

                foreach (var line in Encoding.Latin1.GetString(span[pos..headerEnd]).Split("\r\n"))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0 && line[..colon].Trim().Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                    {
                        type = line[(colon + 1)..].Trim();
                    }
                }

                start = headerEnd + 4;
            }

            var end = IndexOf(span, [.. Crlf, .. dash], start);
            if (end < 0)
            {
                throw new InvalidDataException($"multipart part {parts.Count + 1} (from byte {start}) has no closing boundary: the message is truncated");
            }

            if (parts.Count == maxParts)
            {
                throw new InvalidDataException($"multipart message has more than {maxParts} parts (the limit)");
            }

            parts.Add(new MultipartPart(type, body[start..end]));
            pos = end + 2;
        }
    }

    private static int IndexOf(ReadOnlySpan<byte> span, ReadOnlySpan<byte> value, int from)
    {
        var i = span[from..].IndexOf(value);
        return i < 0 ? -1 : from + i;
    }
}
