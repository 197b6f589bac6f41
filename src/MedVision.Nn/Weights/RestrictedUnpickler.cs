using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace MedVision.Nn.Weights;

/// <summary>
/// A pickle reader that understands only what a PyTorch state dict needs (protocols 2–5: containers,
/// numbers, strings, memo, persistent ids) and accepts only the globals listed in <see cref="IsAllowed"/>:
/// <c>collections.OrderedDict</c>, the <c>torch._utils._rebuild_*</c> tensor and parameter builders and the
/// <c>torch.*Storage</c> types. Any other global (<c>os.system</c>, <c>builtins.eval</c>, …) is refused with
/// <see cref="UnsafePickleException"/> the moment it is named; REDUCE applies only the allowed builders and is
/// interpreted, never executed. Unknown opcodes are a <see cref="WeightFormatException"/>.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private static readonly Dictionary<string, StorageDtype> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = StorageDtype.Float32,
        ["DoubleStorage"] = StorageDtype.Float64,
        ["HalfStorage"] = StorageDtype.Float16,
        ["BFloat16Storage"] = StorageDtype.BFloat16,
        ["LongStorage"] = StorageDtype.Int64,
        ["IntStorage"] = StorageDtype.Int32,
        ["ShortStorage"] = StorageDtype.Int16,
        ["CharStorage"] = StorageDtype.Int8,
        ["ByteStorage"] = StorageDtype.UInt8,
        ["BoolStorage"] = StorageDtype.Bool,
    };

    private readonly Stream _stream;
    private readonly string _source;
    private readonly Func<object?[], object?> _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly Stack<List<object?>> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];

    public RestrictedUnpickler(Stream stream, string source, Func<object?[], object?> persistentLoad)
    {
        _stream = stream;
        _source = source;
        _persistentLoad = persistentLoad;
    }

    /// <summary>The element type of an allowed <c>torch.*Storage</c> global, or null for any other global.</summary>
    public static StorageDtype? StorageDtypeOf(object? value) =>
        value is PickleGlobal { Module: "torch" } g && StorageTypes.TryGetValue(g.Name, out var d) ? d : null;

    /// <summary>Whether a state dict may name <paramref name="module"/>.<paramref name="name"/>.</summary>
    public static bool IsAllowed(string module, string name) => (module, name) switch
    {
        ("collections", "OrderedDict") => true,
        ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor" or "_rebuild_parameter" or "_rebuild_parameter_with_state") => true,
        ("torch", _) => StorageTypes.ContainsKey(name),
        _ => false,
    };

    /// <summary>Reads one pickle (up to its STOP opcode) and returns the object it describes.</summary>
    public object? Load()
    {
        _stack.Clear();
        _marks.Clear();
        _memo.Clear();
        while (true)
        {
            var position = _stream.Position;
            var op = ReadByte();
            switch (op)
            {
                case 0x80: // PROTO
                    var protocol = ReadByte();
                    if (protocol > 5)
                    {
                        throw Error($"unsupported pickle protocol {protocol}");
                    }

                    break;
                case 0x95: // FRAME
                    ReadBytes(8);
                    break;
                case 0x2e: // STOP
                    return Pop();
                case 0x28: // MARK
                    _marks.Push(new List<object?>(_stack));
                    _stack.Clear();
                    break;
                case 0x7d: // EMPTY_DICT
                    Push(new PickleDict());
                    break;
                case 0x5d: // EMPTY_LIST
                    Push(new List<object?>());
                    break;
                case 0x29: // EMPTY_TUPLE
                    Push(Array.Empty<object?>());
                    break;
                case 0x74: // TUPLE
                    Push(PopMark().ToArray());
                    break;
                case 0x85: // TUPLE1
                    Push(new[] { Pop() });
                    break;
                case 0x86: // TUPLE2
                    {
                        var b = Pop();
                        var a = Pop();
                        Push(new[] { a, b });
                        break;
                    }

                case 0x87: // TUPLE3
                    {
                        var c = Pop();
                        var b = Pop();
                        var a = Pop();
                        Push(new[] { a, b, c });
                        break;
                    }

                case 0x6c: // LIST
                    Push(PopMark());
                    break;
                case 0x64: // DICT
                    {
                        var items = PopMark();
                        var dict = new PickleDict();
                        SetItems(dict, items);
                        Push(dict);
                        break;
                    }

                case 0x61: // APPEND
                    {
                        var value = Pop();
                        AsList(Peek()).Add(value);
                        break;
                    }

                case 0x65: // APPENDS
                    {
                        var items = PopMark();
                        AsList(Peek()).AddRange(items);
                        break;
                    }

                case 0x73: // SETITEM
                    {
                        var value = Pop();
                        var key = Pop();
                        AsDict(Peek()).Set(key, value);
                        break;
                    }

                case 0x75: // SETITEMS
                    {
                        var items = PopMark();
                        SetItems(AsDict(Peek()), items);
                        break;
                    }

                case 0x4a: // BININT
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)));
                    break;
                case 0x4b: // BININT1
                    Push((long)ReadByte());
                    break;
                case 0x4d: // BININT2
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2)));
                    break;
                case 0x8a: // LONG1
                    Push(ReadLong(ReadByte()));
                    break;
                case 0x8b: // LONG4
                    {
                        var n = BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));
                        if (n is < 0 or > 64)
                        {
                            throw Error($"LONG4 of {n} bytes is not part of a state dict");
                        }

                        Push(ReadLong(n));
                        break;
                    }

                case 0x47: // BINFLOAT
                    Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8)));
                    break;
                case 0x4e: // NONE
                    Push(null);
                    break;
                case 0x88: // NEWTRUE
                    Push(true);
                    break;
                case 0x89: // NEWFALSE
                    Push(false);
                    break;
                case 0x58: // BINUNICODE
                    Push(ReadUtf8(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(ReadUtf8(ReadByte()));
                    break;
                case 0x8d: // BINUNICODE8
                    Push(ReadUtf8(BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8))));
                    break;
                case 0x55: // SHORT_BINSTRING
                    Push(Encoding.Latin1.GetString(ReadBytes(ReadByte())));
                    break;
                case 0x54: // BINSTRING
                    Push(Encoding.Latin1.GetString(ReadBytes(CheckedLength(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))))));
                    break;
                case 0x43: // SHORT_BINBYTES
                    Push(ReadBytes(ReadByte()));
                    break;
                case 0x42: // BINBYTES
                    Push(ReadBytes(CheckedLength(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))));
                    break;
                case 0x63: // GLOBAL
                    Push(Global(ReadLine(), ReadLine()));
                    break;
                case 0x93: // STACK_GLOBAL
                    {
                        var name = Pop() as string;
                        var module = Pop() as string;
                        if (name is null || module is null)
                        {
                            throw Error("STACK_GLOBAL needs two strings");
                        }

                        Push(Global(module, name));
                        break;
                    }

                case 0x52: // REDUCE
                    {
                        var args = Pop() as object?[] ?? throw Error("REDUCE needs an argument tuple");
                        Push(Reduce(Pop(), args));
                        break;
                    }

                case 0x62: // BUILD
                    {
                        Pop(); // state: OrderedDict._metadata or a parameter's attributes, not needed for weights
                        var target = Peek();
                        if (target is not PickleDict and not TensorRef)
                        {
                            throw Error($"BUILD on {Describe(target)} is not part of a state dict");
                        }

                        break;
                    }

                case 0x51: // BINPERSID
                    {
                        var pid = Pop() as object?[] ?? throw Error("persistent id must be a tuple");
                        Push(_persistentLoad(pid));
                        break;
                    }

                case 0x71: // BINPUT
                    _memo[ReadByte()] = Peek();
                    break;
                case 0x72: // LONG_BINPUT
                    _memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek();
                    break;
                case 0x94: // MEMOIZE
                    _memo[_memo.Count] = Peek();
                    break;
                case 0x68: // BINGET
                    Push(Memo(ReadByte()));
                    break;
                case 0x6a: // LONG_BINGET
                    Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                    break;
                case 0x30: // POP
                    Pop();
                    break;
                case 0x31: // POP_MARK
                    PopMark();
                    break;
                case 0x32: // DUP
                    Push(Peek());
                    break;
                default:
                    throw Error($"pickle opcode 0x{op:x2} at byte {position} is not part of a state dict");
            }
        }
    }

    private PickleGlobal Global(string module, string name)
    {
        if (!IsAllowed(module, name))
        {
            throw new UnsafePickleException(_source, $"{module}.{name}", "a state dict needs only collections.OrderedDict, torch._utils._rebuild_* and torch.*Storage");
        }

        return new PickleGlobal(module, name);
    }

    private object? Reduce(object? callable, object?[] args)
    {
        if (callable is not PickleGlobal g)
        {
            throw Error($"REDUCE on {Describe(callable)}");
        }

        switch (g.Module, g.Name)
        {
            case ("collections", "OrderedDict"):
                if (args.Length != 0)
                {
                    throw Error("collections.OrderedDict is expected with no arguments");
                }

                return new PickleDict();
            case ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor"):
                if (args.Length < 4 || args[0] is not StorageRef storage || args[1] is not long offset)
                {
                    throw Error($"{g} expects (storage, offset, size, stride, ...)");
                }

                return new TensorRef(storage, offset, LongTuple(args[2], "size"), LongTuple(args[3], "stride"));
            case ("torch._utils", "_rebuild_parameter" or "_rebuild_parameter_with_state"):
                if (args.Length < 3 || args[0] is not TensorRef data)
                {
                    throw Error($"{g} expects (tensor, requires_grad, hooks, ...)");
                }

                return data;
            default:
                throw new UnsafePickleException(_source, g.ToString(), "it is a type, not a builder a state dict calls");
        }
    }

    private long[] LongTuple(object? value, string what)
    {
        if (value is not object?[] items)
        {
            throw Error($"tensor {what} must be a tuple of integers");
        }

        var result = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            result[i] = items[i] is long v ? v : throw Error($"tensor {what} must be a tuple of integers");
        }

        return result;
    }

    private void SetItems(PickleDict dict, List<object?> items)
    {
        if (items.Count % 2 != 0)
        {
            throw Error("SETITEMS needs key/value pairs");
        }

        for (var i = 0; i < items.Count; i += 2)
        {
            dict.Set(items[i], items[i + 1]);
        }
    }

    private object ReadLong(int n)
    {
        var bytes = ReadBytes(n);
        if (n <= 8)
        {
            long v = 0;
            for (var i = n - 1; i >= 0; i--)
            {
                v = (v << 8) | bytes[i];
            }

            // Sign-extend from n bytes.
            if (n is > 0 and < 8 && (bytes[n - 1] & 0x80) != 0)
            {
                v |= -1L << (8 * n);
            }

            return v;
        }

        return new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
    }

    private string ReadUtf8(ulong length)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(ReadBytes(CheckedLength(length)));
        }
        catch (DecoderFallbackException e)
        {
            throw new WeightFormatException(_source, "pickle string is not UTF-8", e);
        }
    }

    private int CheckedLength(ulong length)
    {
        if (length > (ulong)(_stream.Length - _stream.Position))
        {
            throw Error($"pickle string of {length} bytes runs past the end of the data");
        }

        return (int)length;
    }

    private string ReadLine()
    {
        var sb = new StringBuilder();
        while (true)
        {
            var b = ReadByte();
            if (b == '\n')
            {
                return sb.ToString();
            }

            if (sb.Length > 256)
            {
                throw Error("GLOBAL name is too long");
            }

            sb.Append((char)b);
        }
    }

    private byte ReadByte()
    {
        var b = _stream.ReadByte();
        return b < 0 ? throw Error("pickle ends before its STOP opcode") : (byte)b;
    }

    private byte[] ReadBytes(int n)
    {
        if (n > _stream.Length - _stream.Position)
        {
            throw Error("pickle ends before its STOP opcode");
        }

        var bytes = new byte[n];
        _stream.ReadExactly(bytes);
        return bytes;
    }

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Error("pickle stack underflow");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Error("pickle MARK missing");
        }

        var items = new List<object?>(_stack);
        _stack.Clear();
        _stack.AddRange(_marks.Pop());
        return items;
    }

    private object? Memo(long index) => _memo.TryGetValue(index, out var v) ? v : throw Error($"pickle memo entry {index} is missing");

    private List<object?> AsList(object? value) => value as List<object?> ?? throw Error($"APPEND on {Describe(value)}");

    private PickleDict AsDict(object? value) => value as PickleDict ?? throw Error($"SETITEM on {Describe(value)}");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        PickleGlobal g => $"'{g}'",
        _ => value.GetType().Name,
    };

    private WeightFormatException Error(string message) => new(_source, message);
}
