using System.Runtime.CompilerServices;

namespace MedVision.Imaging.Io.Jpeg;

/// <summary>
/// Reads the entropy-coded segment of a JPEG scan MSB first, removing the 0x00 stuffed after each 0xFF
/// (T.81 F.1.2.3). At a marker or past the end of the data it supplies zero bits so that a look-ahead can
/// proceed, but consuming any of them means the entropy-coded data ran out before the last block, which is an
/// error (libjpeg warns and decodes gray; decoding zeros would let a few-kB file produce gigabytes).
/// </summary>
internal sealed class JpegBitReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private ulong _bits;
    private int _count;
    private int _phantom;
    private bool _atMarker;

    public JpegBitReader(byte[] data, int start, int end, string name)
    {
        _data = data;
        Position = start;
        _end = end;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Index of the next byte not yet taken into the bit buffer.</summary>
    public int Position { get; private set; }

    /// <summary>The next <paramref name="n"/> (≤ 32) bits without consuming them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Peek(int n)
    {
        if (_count < n)
        {
            Fill();
        }

        return (uint)(_bits >> (64 - n));
    }

    /// <summary>Consumes <paramref name="n"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n)
    {
        _bits <<= n;
        _count -= n;
        if (_count < _phantom)
        {
            ThrowTruncated();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowTruncated() =>
        throw new ImageFormatException(Name, "JPEG data is truncated: the entropy-coded segment ends before the last block");

    /// <summary>Reads <paramref name="n"/> (0–16) bits as an unsigned value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        var v = (int)Peek(n);
        Skip(n);
        return v;
    }

    /// <summary>One bit.</summary>
    public int Bit() => Bits(1);

    /// <summary>Reads an <paramref name="s"/>-bit magnitude category and extends its sign (T.81 F.2.2.1 EXTEND).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Receive(int s)
    {
        if (s == 0)
        {
            return 0;
        }

        var v = Bits(s);
        return v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
    }

    /// <summary>Decodes one Huffman symbol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(JpegHuffmanTable table)
    {
        var entry = table.Lookup[Peek(JpegHuffmanTable.LookupBits)];
        if (entry != 0)
        {
            Skip(entry >> 8);
            return entry & 0xFF;
        }

        return table.DecodeSlow(this);
    }

    /// <summary>
    /// Drops the buffered bits and moves to the marker that ends the segment: the position of its 0xFF byte,
    /// or the end of the data when none follows.
    /// </summary>
    public int SeekMarker()
    {
        _bits = 0;
        _count = 0;
        _phantom = 0;
        _atMarker = false;
        while (Position + 1 < _end && !(_data[Position] == 0xFF && _data[Position + 1] is not 0x00 and not 0xFF))
        {
            Position++;
        }

        if (Position + 1 >= _end)
        {
            Position = _end;
        }

        return Position;
    }

    /// <summary>Skips the two bytes of a restart marker found by <see cref="SeekMarker"/>.</summary>
    public void SkipMarker() => Position += 2;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fill()
    {
        while (_count <= 56)
        {
            ulong b = 0;
            if (_atMarker || Position >= _end)
            {
                _phantom += 8;
            }
            else if (_data[Position] != 0xFF)
            {
                b = _data[Position++];
            }
            else
            {
                // As libjpeg: any run of 0xFF, then 0x00 means one stuffed 0xFF data byte, anything else a marker.
                var next = Position + 1;
                while (next < _end && _data[next] == 0xFF)
                {
                    next++;
                }

                if (next >= _end)
                {
                    Position = _end;
                    _phantom += 8;
                }
                else if (_data[next] == 0x00)
                {
                    b = 0xFF;
                    Position = next + 1;
                }
                else
                {
                    _atMarker = true;
                }
            }

            _bits |= b << (56 - _count);
            _count += 8;
        }
    }
}
