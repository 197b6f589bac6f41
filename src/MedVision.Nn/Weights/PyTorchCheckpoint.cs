using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using MedVision.Io;

namespace MedVision.Nn.Weights;

/// <summary>
/// Imports a PyTorch state dict written by <c>torch.save(model.state_dict(), path)</c>: the zip format
/// (<c>NAME/data.pkl</c>, <c>NAME/data/KEY</c>, <c>NAME/byteorder</c>; PyTorch ≥ 1.6) and the legacy
/// stream format (magic number, protocol, system info, the pickle, storage keys, raw storages). The pickle
/// goes through a restricted unpickler that accepts only the globals a state dict needs and never runs
/// anything (<see cref="UnsafePickleException"/> otherwise). Tensors of any storage type (float, half,
/// bfloat16, double, integer, bool) and any strides become contiguous float32 <see cref="WeightTensor"/>s.
/// A top-level dict's tensor entries are taken in order; nested dicts (<c>{"state_dict": …}</c>) are
/// flattened with <c>key.</c> prefixes; other values (epoch numbers, strings) are skipped. Reading stays within
/// <see cref="WeightReadOptions.MaxBytes"/> (zip entries are inflated with a hard cap, storages and tensors are
/// checked before they are allocated), opens only regular files, and every error is a
/// <see cref="WeightFormatException"/> that names the file.
/// </summary>
public static class PyTorchCheckpoint
{
    private static readonly BigInteger LegacyMagic = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads the checkpoint at <paramref name="path"/> with the default budget.</summary>
    /// <exception cref="WeightFormatException">Malformed file, not a regular file, over budget, or a refused pickle global (<see cref="UnsafePickleException"/>).</exception>
    public static WeightDict Load(string path) => Load(path, WeightReadOptions.Default);

    /// <summary>Reads the checkpoint at <paramref name="path"/> within <paramref name="options"/>' budget.</summary>
    public static WeightDict Load(string path, WeightReadOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        using var stream = RegularFile.Open(path, WeightReadOptions.Fail(path), FileOptions.RandomAccess);
        if (stream.Length > options.MaxBytes)
        {
            throw new WeightFormatException(path, $"file size {stream.Length} bytes is above the budget of {options.MaxBytes} bytes (WeightReadOptions.MaxBytes)");
        }

        return Load(stream, path, options);
    }

    /// <summary>Reads a checkpoint from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    public static WeightDict Load(Stream stream, string source = "<stream>") => Load(stream, source, WeightReadOptions.Default);

    /// <summary>Reads a checkpoint from <paramref name="stream"/> within <paramref name="options"/>' budget.</summary>
    public static WeightDict Load(Stream stream, string source, WeightReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return LoadChecked(stream, source, options);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotSupportedException or IOException)
        {
            // Zip and stream failures surface from deep inside System.IO.Compression; give them the file's name.
            throw new WeightFormatException(source, $"unreadable checkpoint: {e.Message}", e);
        }
    }

    private static WeightDict LoadChecked(Stream stream, string source, WeightReadOptions options)
    {
        if (!stream.CanSeek)
        {
            stream = new MemoryStream(BoundedRead.ToEnd(stream, options.MaxBytes, WeightReadOptions.Budget, "checkpoint stream", WeightReadOptions.Fail(source)), writable: false);
        }

        Span<byte> magic = stackalloc byte[4];
        var start = stream.Position;
        var read = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = start;
        if (read == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4)
        {
            return LoadZip(stream, source, options);
        }

        if (read >= 1 && magic[0] == 0x80)
        {
            return LoadLegacy(stream, source, options);
        }

        throw new WeightFormatException(source, "not a PyTorch checkpoint: neither a zip archive nor a legacy pickle stream");
    }

    private static WeightDict LoadZip(Stream stream, string source, WeightReadOptions options)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new WeightFormatException(source, $"broken zip archive: {e.Message}", e);
        }

        using (zip)
        {
            var pickleEntry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal)
                && e.FullName.Count(c => c == '/') <= 1)
                ?? throw new WeightFormatException(source, "zip archive has no data.pkl: not a torch.save checkpoint");
            var prefix = pickleEntry.FullName[..^"data.pkl".Length];
            var bigEndian = false;
            var order = zip.GetEntry(prefix + "byteorder");
            if (order is not null)
            {
                var text = MessageText.Sanitise(System.Text.Encoding.ASCII.GetString(ReadEntry(order, 16, "'little' or 'big'", source)).Trim());
                bigEndian = text switch
                {
                    "little" => false,
                    "big" => true,
                    _ => throw new WeightFormatException(source, $"byteorder must be 'little' or 'big', got '{text}'"),
                };
            }

            var pickle = new MemoryStream(ReadEntry(pickleEntry, options.MaxBytes, WeightReadOptions.Budget, source));
            var spent = pickle.Length;
            var storages = new Dictionary<string, StorageRef>(StringComparer.Ordinal);
            var root = new RestrictedUnpickler(pickle, source, pid => PersistentStorage(pid, storages, source)).Load();
            var cache = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            return Collect(root, source, storage =>
            {
                if (!cache.TryGetValue(storage.Key, out var bytes))
                {
                    var entry = zip.GetEntry($"{prefix}data/{storage.Key}")
                        ?? throw new WeightFormatException(source, $"storage '{storage.Key}' is named in data.pkl but {prefix}data/{storage.Key} is missing");
                    var expected = storage.Numel > options.MaxBytes ? long.MaxValue : storage.Numel * ElementSize(storage.Dtype);
                    if (expected > options.MaxBytes - spent)
                    {
                        throw new WeightFormatException(source, $"storage '{storage.Key}' declares {storage.Numel} × {storage.Dtype}, above the remaining budget of {options.MaxBytes - spent} bytes (WeightReadOptions.MaxBytes)");
                    }

                    bytes = ReadEntry(entry, expected, "the size data.pkl declares", source);
                    spent += bytes.Length;
                    if (bytes.Length < expected)
                    {
                        throw new WeightFormatException(source, $"storage '{storage.Key}' should hold {expected} bytes ({storage.Numel} × {storage.Dtype}), the archive has {bytes.Length}");
                    }

                    cache[storage.Key] = bytes;
                }

                return bytes;
            }, bigEndian, options);
        }
    }

    private static WeightDict LoadLegacy(Stream stream, string source, WeightReadOptions options)
    {
        var header = new RestrictedUnpickler(stream, source, _ => throw new WeightFormatException(source, "persistent id in the legacy header"));
        if (header.Load() is not BigInteger magic || magic != LegacyMagic)
        {
            throw new WeightFormatException(source, "legacy checkpoint magic number is wrong: not a torch.save file");
        }

        if (header.Load() is not long protocol || protocol != 1001)
        {
            throw new WeightFormatException(source, "legacy checkpoint protocol version must be 1001");
        }

        var sysInfo = header.Load() as PickleDict;
        var little = sysInfo?.Items.FirstOrDefault(kv => Equals(kv.Key, "little_endian")).Value is not false;
        var storages = new Dictionary<string, StorageRef>(StringComparer.Ordinal);
        var root = new RestrictedUnpickler(stream, source, pid => PersistentStorage(pid, storages, source)).Load();
        if (new RestrictedUnpickler(stream, source, _ => null).Load() is not List<object?> keys)
        {
            throw new WeightFormatException(source, "legacy checkpoint storage key list is missing");
        }

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        Span<byte> count = stackalloc byte[8];
        foreach (var key in keys)
        {
            if (key is not string k || !storages.TryGetValue(k, out var storage))
            {
                throw new WeightFormatException(source, $"legacy storage key {key} was not named by the pickle");
            }

            if (stream.ReadAtLeast(count, 8, throwOnEndOfStream: false) < 8)
            {
                throw new WeightFormatException(source, $"legacy storage '{k}' is truncated");
            }

            var numel = little ? BinaryPrimitives.ReadInt64LittleEndian(count) : BinaryPrimitives.ReadInt64BigEndian(count);
            var size = ElementSize(storage.Dtype);
            if (numel != storage.Numel || numel * size > stream.Length - stream.Position)
            {
                throw new WeightFormatException(source, $"legacy storage '{k}' declares {numel} elements; the pickle says {storage.Numel} and {stream.Length - stream.Position} bytes remain");
            }

            var bytes = options.Allocate<byte>(source, $"legacy storage '{k}'", numel * size);
            stream.ReadExactly(bytes);
            data[k] = bytes;
        }

        return Collect(root, source, storage => data.TryGetValue(storage.Key, out var b) ? b
            : throw new WeightFormatException(source, $"legacy storage '{storage.Key}' has no data"), !little, options);
    }

    private static StorageRef PersistentStorage(object?[] pid, Dictionary<string, StorageRef> storages, string source)
    {
        // Zip: ('storage', StorageType, key, location, numel); legacy adds view_metadata.
        if (pid.Length < 5 || pid[0] is not "storage" || pid[2] is not string key || pid[4] is not long numel || numel < 0)
        {
            throw new WeightFormatException(source, "persistent id is not ('storage', type, key, location, numel)");
        }

        var dtype = RestrictedUnpickler.StorageDtypeOf(pid[1])
            ?? throw new WeightFormatException(source, $"storage '{key}' has no torch.*Storage type");
        if (pid.Length > 5 && pid[5] is not null)
        {
            throw new WeightFormatException(source, $"storage '{key}' is a legacy storage view, which state dicts do not use");
        }

        if (storages.TryGetValue(key, out var known))
        {
            return known;
        }

        var storage = new StorageRef(key, dtype, numel);
        storages[key] = storage;
        return storage;
    }

    private static WeightDict Collect(object? root, string source, Func<StorageRef, byte[]> storageBytes, bool bigEndian, WeightReadOptions options)
    {
        if (root is not PickleDict dict)
        {
            throw new WeightFormatException(source, "checkpoint does not hold a dict of tensors (a state dict); whole pickled models are not supported");
        }

        var result = new WeightDict();
        Flatten(dict, string.Empty, result, source, storageBytes, bigEndian, options);
        return result;
    }

    private static void Flatten(PickleDict dict, string prefix, WeightDict result, string source, Func<StorageRef, byte[]> storageBytes, bool bigEndian, WeightReadOptions options)
    {
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name)
            {
                continue;
            }

            switch (value)
            {
                case TensorRef tensor:
                    var full = prefix + name;
                    if (full.Length == 0 || result.Contains(full))
                    {
                        throw new WeightFormatException(source, full.Length == 0 ? "a tensor has an empty name" : $"tensor name '{full}' appears twice once nested dicts are flattened");
                    }

                    result.Add(full, Materialise(tensor, full, source, storageBytes, bigEndian, options));
                    break;
                case PickleDict nested:
                    Flatten(nested, $"{prefix}{name}.", result, source, storageBytes, bigEndian, options);
                    break;
                default:
                    break;
            }
        }
    }

    private static WeightTensor Materialise(TensorRef t, string name, string source, Func<StorageRef, byte[]> storageBytes, bool bigEndian, WeightReadOptions options)
    {
        if (t.Size.Length != t.Stride.Length || t.Offset < 0 || t.Size.Any(s => s is < 0 or > int.MaxValue) || t.Stride.Any(s => s < 0))
        {
            throw new WeightFormatException(source, $"tensor '{name}' has an invalid size [{string.Join(", ", t.Size)}] / stride [{string.Join(", ", t.Stride)}] / offset {t.Offset}");
        }

        long count = 1;
        long last = t.Offset;
        try
        {
            for (var d = 0; d < t.Size.Length; d++)
            {
                count = checked(count * t.Size[d]);
                last = checked(last + ((t.Size[d] - 1) * t.Stride[d]));
            }
        }
        catch (OverflowException)
        {
            throw new WeightFormatException(source, $"tensor '{name}' (size [{string.Join(", ", t.Size)}], stride [{string.Join(", ", t.Stride)}]) overflows 64-bit element indices");
        }

        if (count > Array.MaxLength || (count > 0 && last >= t.Storage.Numel))
        {
            throw new WeightFormatException(source, $"tensor '{name}' (size [{string.Join(", ", t.Size)}], offset {t.Offset}) reaches element {last} of a storage with {t.Storage.Numel}");
        }

        var bytes = storageBytes(t.Storage);
        var values = options.Allocate<float>(source, $"tensor '{name}'", count);
        var size = t.Size.Select(s => (int)s).ToArray();
        var index = new long[size.Length];
        var element = t.Offset;
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadElement(bytes, element, t.Storage.Dtype, bigEndian);

            // Advance the multi-index, innermost dimension fastest (C order).
            for (var d = size.Length - 1; d >= 0; d--)
            {
                index[d]++;
                element += t.Stride[d];
                if (index[d] < size[d])
                {
                    break;
                }

                element -= index[d] * t.Stride[d];
                index[d] = 0;
            }
        }

        return new WeightTensor(size, values);
    }

    private static float ReadElement(byte[] bytes, long element, StorageDtype dtype, bool bigEndian)
    {
        var at = (int)(element * ElementSize(dtype));
        var s = bytes.AsSpan(at);
        return dtype switch
        {
            StorageDtype.Float32 => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s),
            StorageDtype.Float64 => (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s)),
            StorageDtype.Float16 => (float)(bigEndian ? BinaryPrimitives.ReadHalfBigEndian(s) : BinaryPrimitives.ReadHalfLittleEndian(s)),
            StorageDtype.BFloat16 => BitConverter.Int32BitsToSingle((bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s)) << 16),
            StorageDtype.Int64 => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s),
            StorageDtype.Int32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s),
            StorageDtype.Int16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s),
            StorageDtype.Int8 => (sbyte)s[0],
            _ => s[0],
        };
    }

    private static int ElementSize(StorageDtype dtype) => dtype switch
    {
        StorageDtype.Float64 or StorageDtype.Int64 => 8,
        StorageDtype.Float32 or StorageDtype.Int32 => 4,
        StorageDtype.Float16 or StorageDtype.BFloat16 or StorageDtype.Int16 => 2,
        _ => 1,
    };

    /// <summary>The inflated entry, at most <paramref name="limit"/> bytes: a lying size field cannot force a huge allocation or inflation.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, long limit, string why, string source)
    {
        using var s = entry.Open();
        return BoundedRead.ToEnd(s, limit, why, $"zip entry {entry.FullName}", WeightReadOptions.Fail(source));
    }
}
