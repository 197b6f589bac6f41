using System.Buffers.Binary;

namespace MedVision.Imaging.Io.Jpeg;

/// <summary>
/// Decodes one JPEG interchange stream (ITU-T T.81): baseline and extended sequential (8- and 12-bit) and
/// progressive DCT with Huffman coding (spectral selection and successive approximation), any integral
/// sampling factors, restart intervals. Coefficients of every scan are gathered first, then each block goes
/// through libjpeg's islow IDCT, components are upsampled as libjpeg does (fancy) and YCbCr becomes RGB with
/// libjpeg's tables (CMYK is inverted, as Pillow reads it), so the result equals what Pillow (libjpeg-turbo)
/// returns. Lossless, hierarchical and arithmetic-coded processes and YCCK are refused with a typed error.
/// </summary>
internal sealed class JpegDecoder
{
    /// <summary>Zig-zag index → natural index, with 16 guard entries as in libjpeg so corrupt runs stay inside the block.</summary>
    private static readonly byte[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
    ];

    private readonly byte[] _data;
    private readonly int _end;
    private readonly JpegDecodeOptions _options;
    private readonly string _name;
    private readonly ushort[]?[] _quant = new ushort[4][];
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable[4];
    private JpegComponent[] _components = [];
    private int _width;
    private int _height;
    private int _precision;
    private bool _progressive;
    private int _restartInterval;
    private int _hMax;
    private int _vMax;
    private int _mcusPerLine;
    private int _mcusPerColumn;
    private bool _jfif;
    private int _adobeTransform = -1;
    private int _eobRun;

    private JpegDecoder(byte[] data, JpegDecodeOptions options)
    {
        _data = data;
        _end = data.Length;
        _options = options;
        _name = options.Name;
    }

    public static JpegImage Decode(byte[] data, JpegDecodeOptions options) => new JpegDecoder(data, options).Run();

    private JpegImage Run()
    {
        if (_end < 4 || _data[0] != 0xFF || _data[1] != 0xD8)
        {
            throw Error("not a JPEG stream (no SOI marker 0xFFD8 at the start)");
        }

        var pos = 2;
        var scans = 0;
        while (true)
        {
            // Markers may be preceded by any number of 0xFF fill bytes (T.81 B.1.1.2).
            if (pos >= _end || _data[pos] != 0xFF)
            {
                throw pos >= _end ? Error("truncated: the stream ends before the EOI marker") : Error($"expected a marker at byte {pos}, found 0x{_data[pos]:X2}");
            }

            while (pos < _end && _data[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= _end)
            {
                throw Error("truncated: the stream ends before the EOI marker");
            }

            var marker = _data[pos++];
            if (marker == 0xD9)
            {
                break;
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                continue; // stray RSTn or TEM carry no segment
            }

            if (pos + 2 > _end)
            {
                throw Error($"truncated in the length of marker 0xFF{marker:X2}");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(pos));
            if (length < 2 || pos + length > _end)
            {
                throw Error($"segment 0xFF{marker:X2} at byte {pos - 2} claims {length} bytes, {_end - pos} remain");
            }

            var segment = _data.AsSpan(pos + 2, length - 2);
            pos += length;
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    ReadFrame(segment, marker == 0xC2);
                    break;
                case 0xC3:
                    throw Error("lossless JPEG (SOF3, process 14) is not supported");
                case 0xC5 or 0xC6 or 0xC7 or 0xCD or 0xCE or 0xCF:
                    throw Error($"hierarchical JPEG (SOF{marker - 0xC0}) is not supported");
                case 0xC9 or 0xCA or 0xCB:
                    throw Error($"arithmetic-coded JPEG (SOF{marker - 0xC0}) is not supported");
                case 0xC4:
                    ReadHuffmanTables(segment);
                    break;
                case 0xDB:
                    ReadQuantTables(segment);
                    break;
                case 0xDD:
                    _restartInterval = segment.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(segment) : throw Error("DRI segment is shorter than 2 bytes");
                    break;
                case 0xDA:
                    pos = ReadScan(segment, pos);
                    scans++;
                    break;
                case 0xE0:
                    _jfif |= segment.Length >= 5 && segment[..5].SequenceEqual("JFIF\0"u8);
                    break;
                case 0xEE:
                    if (segment.Length >= 12 && segment[..5].SequenceEqual("Adobe"u8))
                    {
                        _adobeTransform = segment[11];
                    }

                    break;
                case 0xDC:
                    throw Error("DNL markers (height defined after the first scan) are not supported");
                default:
                    break; // APPn, COM and others carry nothing the decoder needs
            }
        }

        if (_components.Length == 0 || scans == 0)
        {
            throw Error(_components.Length == 0 ? "no frame header (SOF) before EOI" : "no scan (SOS) before EOI");
        }

        return Output();
    }

    private void ReadFrame(ReadOnlySpan<byte> s, bool progressive)
    {
        if (_components.Length != 0)
        {
            throw Error("more than one frame header (SOF)");
        }

        if (s.Length < 6)
        {
            throw Error("SOF segment is shorter than 6 bytes");
        }

        _precision = s[0];
        _height = BinaryPrimitives.ReadUInt16BigEndian(s[1..]);
        _width = BinaryPrimitives.ReadUInt16BigEndian(s[3..]);
        var count = s[5];
        _progressive = progressive;
        if (_precision is not 8 and not 12)
        {
            throw Error($"sample precision must be 8 or 12 bits, got {_precision}");
        }

        if (_width == 0 || _height == 0)
        {
            throw Error($"image size must be positive, got {_width}×{_height} (DNL-defined heights are not supported)");
        }

        if (count is not 1 and not 3 and not 4 || s.Length < 6 + (3 * count))
        {
            throw Error(count is 1 or 3 or 4 ? "SOF segment is shorter than its component list" : $"only 1 (gray), 3 (colour) or 4 (CMYK) components are supported, got {count}");
        }

        var components = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var c = s.Slice(6 + (3 * i), 3);
            var h = c[1] >> 4;
            var v = c[1] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4 || c[2] > 3)
            {
                throw Error($"component {c[0]} has invalid sampling factors {h}×{v} or quantisation table {c[2]}");
            }

            components[i] = new JpegComponent { Id = c[0], H = h, V = v, QuantTable = c[2] };
        }

        _hMax = components.Max(c => c.H);
        _vMax = components.Max(c => c.V);
        _mcusPerLine = (_width + (8 * _hMax) - 1) / (8 * _hMax);
        _mcusPerColumn = (_height + (8 * _vMax) - 1) / (8 * _vMax);
        long total = 0;
        foreach (var c in components)
        {
            if (_hMax % c.H != 0 || _vMax % c.V != 0)
            {
                throw Error($"fractional sampling ({c.H}×{c.V} against {_hMax}×{_vMax}) is not supported");
            }

            c.Width = (int)(((long)_width * c.H + _hMax - 1) / _hMax);
            c.Height = (int)(((long)_height * c.V + _vMax - 1) / _vMax);
            c.BlocksWide = (c.Width + 7) / 8;
            c.BlocksHigh = (c.Height + 7) / 8;
            c.BlocksPerLine = _mcusPerLine * c.H;
            c.BlocksPerColumn = _mcusPerColumn * c.V;
            total += 64L * c.BlocksPerLine * c.BlocksPerColumn;
        }

        // Coefficients are only allocated once the frame's samples fit the budget: a lying SOF must not allocate.
        _options.Budget.CheckValues(_name, "JPEG frame size", total);

        // Every 8×8 block inside a component (its BlocksWide × BlocksHigh, which every scan of it codes) costs at least
        // one bit of entropy-coded data: its DC code, Huffman codes being 1–16 bits. A stream of n bytes therefore holds
        // at most 8n blocks, and a few-kB file cannot declare a frame of millions of blocks.
        var blocks = components.Sum(c => (long)c.BlocksWide * c.BlocksHigh);
        if (blocks > 8L * _end)
        {
            throw Error($"SOF declares {_width}×{_height} with {count} component(s), {blocks} blocks, but {_end} bytes can code at most {8L * _end} (truncated file or lying header)");
        }

        foreach (var c in components)
        {
            c.Coefficients = _options.Budget.Allocate<short>(_name, "JPEG coefficients", 64L * c.BlocksPerLine * c.BlocksPerColumn);
        }

        _components = components;
    }

    private void ReadQuantTables(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            var precision = s[0] >> 4;
            var id = s[0] & 15;
            var size = precision == 0 ? 64 : 128;
            if (id > 3 || precision > 1 || s.Length < 1 + size)
            {
                throw Error($"bad DQT segment (table {id}, precision {precision}, {s.Length - 1} bytes for {size})");
            }

            var table = new ushort[64];
            for (var k = 0; k < 64; k++)
            {
                table[ZigZag[k]] = precision == 0 ? s[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(s[(1 + (2 * k))..]);
            }

            _quant[id] = table;
            s = s[(1 + size)..];
        }
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            if (s.Length < 17)
            {
                throw Error("DHT segment is shorter than its code-length counts");
            }

            var tableClass = s[0] >> 4;
            var id = s[0] & 15;
            var counts = s.Slice(1, 16);
            var n = 0;
            foreach (var c in counts)
            {
                n += c;
            }

            if (tableClass > 1 || id > 3 || n > 256 || s.Length < 17 + n)
            {
                throw Error($"bad DHT segment (class {tableClass}, table {id}, {n} symbols)");
            }

            var table = new JpegHuffmanTable(counts, s.Slice(17, n), _name);
            (tableClass == 0 ? _dcTables : _acTables)[id] = table;
            s = s[(17 + n)..];
        }
    }

    /// <summary>Reads the SOS header in <paramref name="s"/>, decodes the entropy-coded data at <paramref name="pos"/>; returns the position of the next marker.</summary>
    private int ReadScan(ReadOnlySpan<byte> s, int pos)
    {
        if (_components.Length == 0)
        {
            throw Error("scan (SOS) before the frame header (SOF)");
        }

        if (s.Length < 1 || s.Length < 4 + (2 * s[0]) || s[0] is < 1 or > 4)
        {
            throw Error("SOS segment is malformed");
        }

        var count = s[0];
        var scan = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var id = s[1 + (2 * i)];
            var tables = s[2 + (2 * i)];
            scan[i] = _components.FirstOrDefault(c => c.Id == id) ?? throw Error($"scan names component {id}, which the frame does not have");
            scan[i].DcTable = tables >> 4;
            scan[i].AcTable = tables & 15;
            if (scan[i].DcTable > 3 || scan[i].AcTable > 3)
            {
                throw Error($"scan selects Huffman table {tables >> 4}/{tables & 15}; ids are 0–3");
            }
        }

        var p = s[(1 + (2 * count))..];
        int ss = p[0], se = p[1], ah = p[2] >> 4, al = p[2] & 15;
        if (!_progressive)
        {
            // Some baseline encoders write zeros here; libjpeg only warns and decodes the full band, as do we.
            (ss, se, ah, al) = (0, 63, 0, 0);
        }
        else if (ss > se || se > 63 || (ss == 0 && se != 0) || (ss > 0 && count != 1) || al > 13)
        {
            throw Error($"invalid spectral selection {ss}–{se} (successive approximation {ah}/{al}) for a progressive scan of {count} component(s)");
        }

        foreach (var c in scan)
        {
            if (_quant[c.QuantTable] is null)
            {
                throw Error($"component {c.Id} uses quantisation table {c.QuantTable}, which was never defined");
            }

            if ((ss == 0 && ah == 0 && _dcTables[c.DcTable] is null) || (se > 0 && _acTables[c.AcTable] is null))
            {
                throw Error($"component {c.Id} uses a Huffman table that was never defined");
            }

            c.DcPredictor = 0;
        }

        var reader = new JpegBitReader(_data, pos, _end, _name);
        _eobRun = 0;
        var single = count == 1;
        var mcus = single ? scan[0].BlocksWide * scan[0].BlocksHigh : _mcusPerLine * _mcusPerColumn;
        var restart = _restartInterval;
        for (var mcu = 0; mcu < mcus; mcu++)
        {
            if (restart > 0 && mcu > 0 && mcu % restart == 0)
            {
                var at = reader.SeekMarker();
                if (at + 1 >= _end || _data[at + 1] is < 0xD0 or > 0xD7)
                {
                    throw Error(at >= _end ? "truncated: the stream ends inside a scan" : $"expected a restart marker at byte {at}, found 0xFF{_data[at + 1]:X2}");
                }

                reader.SkipMarker();
                _eobRun = 0;
                foreach (var c in scan)
                {
                    c.DcPredictor = 0;
                }
            }

            if (single)
            {
                var c = scan[0];
                DecodeBlock(reader, c, c.Block(mcu / c.BlocksWide, mcu % c.BlocksWide), ss, se, ah, al);
                continue;
            }

            var mcuRow = mcu / _mcusPerLine;
            var mcuCol = mcu % _mcusPerLine;
            foreach (var c in scan)
            {
                for (var v = 0; v < c.V; v++)
                {
                    for (var h = 0; h < c.H; h++)
                    {
                        DecodeBlock(reader, c, c.Block((mcuRow * c.V) + v, (mcuCol * c.H) + h), ss, se, ah, al);
                    }
                }
            }
        }

        return reader.SeekMarker();
    }

    private void DecodeBlock(JpegBitReader reader, JpegComponent c, Span<short> block, int ss, int se, int ah, int al)
    {
        if (!_progressive)
        {
            DecodeSequential(reader, c, block);
        }
        else if (ss == 0)
        {
            if (ah == 0)
            {
                c.DcPredictor += reader.Receive(reader.Decode(_dcTables[c.DcTable]!));
                block[0] = (short)(c.DcPredictor << al);
            }
            else if (reader.Bit() != 0)
            {
                block[0] |= (short)(1 << al);
            }
        }
        else if (ah == 0)
        {
            DecodeAcFirst(reader, _acTables[c.AcTable]!, block, ss, se, al);
        }
        else
        {
            DecodeAcRefine(reader, _acTables[c.AcTable]!, block, ss, se, al);
        }
    }

    private void DecodeSequential(JpegBitReader reader, JpegComponent c, Span<short> block)
    {
        c.DcPredictor += reader.Receive(reader.Decode(_dcTables[c.DcTable]!));
        block[0] = (short)c.DcPredictor;
        var ac = _acTables[c.AcTable]!;
        var fast = ac.FastAc;
        for (var k = 1; k < 64; k++)
        {
            var f = fast[reader.Peek(JpegHuffmanTable.LookupBits)];
            if (f != 0)
            {
                reader.Skip(f & 0xFF);
                k += (f >> 8) & 15;
                block[ZigZag[k]] = (short)(f >> 16);
                continue;
            }

            var rs = reader.Decode(ac);
            var r = rs >> 4;
            var size = rs & 15;
            if (size == 0)
            {
                if (r != 15)
                {
                    break;
                }

                k += 15;
                continue;
            }

            k += r;
            block[ZigZag[k]] = (short)reader.Receive(size);
        }
    }

    private void DecodeAcFirst(JpegBitReader reader, JpegHuffmanTable ac, Span<short> block, int ss, int se, int al)
    {
        if (_eobRun > 0)
        {
            _eobRun--;
            return;
        }

        var fast = ac.FastAc;
        for (var k = ss; k <= se; k++)
        {
            var f = fast[reader.Peek(JpegHuffmanTable.LookupBits)];
            if (f != 0)
            {
                reader.Skip(f & 0xFF);
                k += (f >> 8) & 15;
                block[ZigZag[k]] = (short)((f >> 16) * (1 << al));
                continue;
            }

            var rs = reader.Decode(ac);
            var r = rs >> 4;
            var size = rs & 15;
            if (size == 0)
            {
                if (r < 15)
                {
                    _eobRun = (1 << r) - 1 + reader.Bits(r);
                    break;
                }

                k += 15;
                continue;
            }

            k += r;
            block[ZigZag[k]] = (short)(reader.Receive(size) * (1 << al));
        }
    }

    /// <summary>Successive-approximation refinement of AC coefficients (T.81 G.1.2.3; libjpeg's <c>decode_mcu_AC_refine</c>).</summary>
    private void DecodeAcRefine(JpegBitReader reader, JpegHuffmanTable ac, Span<short> block, int ss, int se, int al)
    {
        var p1 = 1 << al;
        var m1 = -1 << al;
        var k = ss;
        if (_eobRun == 0)
        {
            for (; k <= se; k++)
            {
                var rs = reader.Decode(ac);
                var r = rs >> 4;
                var s = rs & 15;
                if (s != 0)
                {
                    s = reader.Bit() != 0 ? p1 : m1;
                }
                else if (r != 15)
                {
                    _eobRun = (1 << r) + reader.Bits(r);
                    break;
                }

                do
                {
                    var z = ZigZag[k];
                    if (block[z] != 0)
                    {
                        Refine(reader, block, z, p1, m1);
                    }
                    else if (--r < 0)
                    {
                        break;
                    }

                    k++;
                }
                while (k <= se);

                if (s != 0)
                {
                    block[ZigZag[k]] = (short)s;
                }
            }
        }

        if (_eobRun > 0)
        {
            for (; k <= se; k++)
            {
                var z = ZigZag[k];
                if (block[z] != 0)
                {
                    Refine(reader, block, z, p1, m1);
                }
            }

            _eobRun--;
        }
    }

    private static void Refine(JpegBitReader reader, Span<short> block, int z, int p1, int m1)
    {
        if (reader.Bit() != 0 && (block[z] & p1) == 0)
        {
            block[z] = (short)(block[z] + (block[z] >= 0 ? p1 : m1));
        }
    }

    /// <summary>IDCT of every block, upsampling to full size and colour conversion.</summary>
    private JpegImage Output()
    {
        var plane = _width * _height;
        if (_components.Length == 4 && _adobeTransform == 2)
        {
            throw Error("YCCK JPEG (Adobe transform 2) is not supported");
        }

        _options.Budget.CheckValues(_name, "JPEG image size", (long)plane * _components.Length);
        var samples = _options.Budget.Allocate<ushort>(_name, "JPEG image size", (long)plane * _components.Length);
        for (var i = 0; i < _components.Length; i++)
        {
            var c = _components[i];
            var stride = c.BlocksPerLine * 8;
            var decoded = _options.Budget.Allocate<ushort>(_name, "JPEG component plane", (long)stride * c.BlocksPerColumn * 8);
            var quant = _quant[c.QuantTable]!;
            for (var row = 0; row < c.BlocksPerColumn; row++)
            {
                for (var col = 0; col < c.BlocksPerLine; col++)
                {
                    JpegIdct.Transform(c.Block(row, col), quant, decoded.AsSpan((row * 8 * stride) + (col * 8)), stride, _precision);
                }
            }

            JpegUpsampler.Upsample(decoded, stride, c.Width, c.Height, _hMax / c.H, _vMax / c.V, samples.AsSpan(i * plane, plane), _width, _height);
        }

        var yccCoded = _components.Length == 3 && IsYCbCr();
        var auto = _options.ColorTransform == JpegColorTransform.Auto;
        var convert = (yccCoded || _components.Length == 4) && auto;
        if (yccCoded && auto)
        {
            JpegColor.YCbCrToRgb(samples.AsSpan(0, plane), samples.AsSpan(plane, plane), samples.AsSpan(2 * plane, plane), _precision);
        }
        else if (_components.Length == 4 && auto)
        {
            // Pillow reads every CMYK JPEG with Adobe's inverted polarity ("CMYK;I").
            var max = (ushort)((1 << _precision) - 1);
            foreach (ref var v in samples.AsSpan())
            {
                v = (ushort)(max - v);
            }
        }

        return new JpegImage(_width, _height, _components.Length, _precision, _progressive, convert, yccCoded, _adobeTransform, samples);
    }

    /// <summary>libjpeg's <c>default_decompress_parms</c> for three components: JFIF, then Adobe's transform flag, then the component ids.</summary>
    private bool IsYCbCr()
    {
        if (_jfif)
        {
            return true;
        }

        if (_adobeTransform >= 0)
        {
            return _adobeTransform != 0;
        }

        return !(_components[0].Id == 'R' && _components[1].Id == 'G' && _components[2].Id == 'B');
    }

    private ImageFormatException Error(string message) => new(_name, message);
}
