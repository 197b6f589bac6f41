using System.Buffers.Binary;
using System.Text;

namespace MedVision.Imaging.Tests.Io.Fuzz;

/// <summary>
/// Deterministic byte-level mutations of a valid seed file: mutant <c>k</c> of a seed is always the same bytes. Each
/// mutant applies one to three of: bit flips, bytes set to 0x00/0xFF/0x7F/0x80, truncation, duplication of a chunk,
/// a large integer written over a header field (4 or 8 bytes, either byte order), inflation of a 2- or 4-byte length
/// field, and (for text headers) a digit run replaced by a huge or negative number. Half the positions fall in the
/// first 512 bytes, where headers and length fields live.
/// </summary>
internal static class Mutator
{
    private const int HeaderRegion = 512;

    private static readonly byte[] Specials = [0x00, 0xFF, 0x7F, 0x80];

    private static readonly ulong[] LargeIntegers = [0x7FFF_FFFF, 0xFFFF_FFFF, 0x8000_0000, 0x4000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 0x0001_0000];

    private static readonly string[] LargeNumbers = ["2147483647", "4294967296", "99999999999999999999", "-1", "65536", "1e300", "0"];

    /// <summary>Mutant number <paramref name="index"/> of <paramref name="seed"/>, seeded by <paramref name="stream"/> and the index.</summary>
    public static byte[] Mutate(byte[] seed, int stream, int index)
    {
        var rng = new Random(unchecked((stream * 1_000_003) + index));
        var bytes = new List<byte>(seed);
        var operations = 1 + rng.Next(3);
        for (var o = 0; o < operations && bytes.Count > 0; o++)
        {
            Apply(bytes, rng, rng.Next(7));
        }

        return [.. bytes];
    }

    /// <summary>A stable seed for a name (string hashes differ between processes).</summary>
    public static int StableSeed(string name)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7FFF_FFFF);
    }

    private static void Apply(List<byte> bytes, Random rng, int operation)
    {
        switch (operation)
        {
            case 0: // bit flips
                for (var i = 1 + rng.Next(8); i > 0; i--)
                {
                    var at = Position(bytes.Count, rng);
                    bytes[at] ^= (byte)(1 << rng.Next(8));
                }

                break;
            case 1: // special byte values
                for (var i = 1 + rng.Next(4); i > 0; i--)
                {
                    bytes[Position(bytes.Count, rng)] = Specials[rng.Next(Specials.Length)];
                }

                break;
            case 2: // truncation: the tail cut off, or a chunk cut out of the middle
                {
                    var cut = Position(bytes.Count, rng);
                    var length = rng.Next(2) == 0 ? bytes.Count - cut : Math.Min(bytes.Count - cut, 1 + rng.Next(64));
                    bytes.RemoveRange(cut, length);
                    break;
                }

            case 3: // chunk duplication
                {
                    var from = Position(bytes.Count, rng);
                    var length = Math.Min(bytes.Count - from, 1 + rng.Next(Math.Max(1, Math.Min(256, bytes.Count / 4))));
                    var chunk = bytes.GetRange(from, length);
                    var copies = rng.Next(4) == 0 ? 1 + rng.Next(16) : 1;
                    for (var c = 0; c < copies; c++)
                    {
                        bytes.InsertRange(Math.Min(bytes.Count, from + length), chunk);
                    }

                    break;
                }

            case 4: // large integer over a header field
                {
                    var wide = rng.Next(3) == 0;
                    var width = wide ? 8 : 4;
                    if (bytes.Count < width)
                    {
                        break;
                    }

                    var at = Math.Min(Position(bytes.Count, rng), bytes.Count - width);
                    Span<byte> field = stackalloc byte[8];
                    var value = LargeIntegers[rng.Next(LargeIntegers.Length)];
                    if (rng.Next(2) == 0)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(field, value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt64BigEndian(field, value);
                        field = field[(8 - width)..];
                    }

                    for (var i = 0; i < width; i++)
                    {
                        bytes[at + i] = field[i];
                    }

                    break;
                }

            case 5: // length-field inflation
                {
                    var width = rng.Next(2) == 0 ? 2 : 4;
                    if (bytes.Count < width)
                    {
                        break;
                    }

                    var at = Math.Min(Position(bytes.Count, rng), bytes.Count - width);
                    var bigEndian = rng.Next(2) == 0;
                    var span = bytes.GetRange(at, width).ToArray();
                    ulong value = width == 2
                        ? (bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span))
                        : (bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span));
                    value = rng.Next(2) == 0 ? (value + 1) << (4 + rng.Next(13)) : value + (1UL << (8 + rng.Next(16)));
                    var output = new byte[8];
                    if (bigEndian)
                    {
                        BinaryPrimitives.WriteUInt64BigEndian(output, value);
                        output = output[(8 - width)..];
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(output, value);
                    }

                    for (var i = 0; i < width; i++)
                    {
                        bytes[at + i] = output[i];
                    }

                    break;
                }

            default: // a digit run in a text header replaced by a huge or negative number
                {
                    var digits = new List<int>();
                    for (var i = 0; i < Math.Min(bytes.Count, 4 * HeaderRegion); i++)
                    {
                        if (bytes[i] is >= (byte)'0' and <= (byte)'9' && (i == 0 || bytes[i - 1] is < (byte)'0' or > (byte)'9'))
                        {
                            digits.Add(i);
                        }
                    }

                    if (digits.Count == 0)
                    {
                        Apply(bytes, rng, 4);
                        break;
                    }

                    var start = digits[rng.Next(digits.Count)];
                    var end = start;
                    while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9')
                    {
                        end++;
                    }

                    bytes.RemoveRange(start, end - start);
                    bytes.InsertRange(start, Encoding.ASCII.GetBytes(LargeNumbers[rng.Next(LargeNumbers.Length)]));
                    break;
                }
        }
    }

    private static int Position(int length, Random rng) => rng.Next(2) == 0 ? rng.Next(Math.Min(length, HeaderRegion)) : rng.Next(length);
}
