namespace MedVision.Imaging.Io.Jpeg;

/// <summary>
/// One Huffman table of a DHT segment (ITU-T T.81 Annex C): canonical codes built from the 16 code-length
/// counts, decoded through a 9-bit lookup for short codes and the max-code rule of Figure F.16 for longer ones.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Bits resolved by one table lookup.</summary>
    public const int LookupBits = 9;

    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _values;

    /// <param name="counts">Codes of each length 1–16 (index 0 is length 1).</param>
    /// <param name="values">Symbols in code order.</param>
    /// <param name="name">File name for errors.</param>
    public JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values, string name)
    {
        _values = values.ToArray();
        Lookup = new ushort[1 << LookupBits];
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            var n = counts[length - 1];
            _valueOffset[length] = k - code;
            if (n > 0)
            {
                // Checked before the codes are placed: an over-full length would write past the lookup table.
                if (code + n > 1 << length)
                {
                    throw new ImageFormatException(name, $"Huffman table has more codes of length {length} than fit");
                }

                for (var i = 0; i < n; i++, k++, code++)
                {
                    if (length <= LookupBits)
                    {
                        var shift = LookupBits - length;
                        for (var fill = code << shift; fill < (code + 1) << shift; fill++)
                        {
                            Lookup[fill] = (ushort)((length << 8) | _values[k]);
                        }
                    }
                }

                _maxCode[length] = code - 1;
            }
            else
            {
                _maxCode[length] = -1;
            }

            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;

        // For AC coding: a code and its magnitude bits that fit in the 9-bit window decode in one lookup.
        FastAc = new int[1 << LookupBits];
        for (var p = 0; p < FastAc.Length; p++)
        {
            var entry = Lookup[p];
            var length = entry >> 8;
            var run = (entry >> 4) & 15;
            var size = entry & 15;
            if (entry == 0 || size == 0 || length + size > LookupBits)
            {
                continue;
            }

            var bits = (p >> (LookupBits - length - size)) & ((1 << size) - 1);
            var value = bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
            FastAc[p] = (value << 16) | (run << 8) | (length + size);
        }
    }

    /// <summary>
    /// For each 9-bit prefix of AC data: (coefficient value &lt;&lt; 16) | (zero run &lt;&lt; 8) | bits consumed, when the
    /// Huffman code and the value's magnitude bits both fit in the prefix; otherwise 0 (also for EOB and ZRL).
    /// </summary>
    public int[] FastAc { get; }

    /// <summary>For each 9-bit prefix: (code length &lt;&lt; 8) | symbol, or 0 when the code is longer.</summary>
    public ushort[] Lookup { get; }

    /// <summary>Decodes one symbol whose code is longer than <see cref="LookupBits"/> bits.</summary>
    public int DecodeSlow(JpegBitReader reader)
    {
        var bits = reader.Peek(16);
        for (var length = LookupBits + 1; length <= 16; length++)
        {
            var code = (int)(bits >> (16 - length));
            if (code <= _maxCode[length])
            {
                reader.Skip(length);
                return _values[code + _valueOffset[length]];
            }
        }

        throw new ImageFormatException(reader.Name, "corrupt entropy-coded data: no Huffman code matches");
    }
}
