using System.IO.Compression;
using MedVision.Io;

namespace MedVision.Imaging.Io;

/// <summary>
/// NumPy <c>.npz</c> archives (<c>numpy.savez</c> and <c>savez_compressed</c>: zip, stored or deflated): every
/// <c>NAME.npy</c> entry read with <see cref="NpyReader"/>, keyed by NAME. Entry names are checked: absolute
/// paths, drive letters, backslashes, <c>..</c> segments, control characters and duplicates are refused, so a
/// name can never lead outside a folder it is later used in. Each entry's size is the one its .npy header declares,
/// checked against what remains of <see cref="ReadOptions.MaxBytes"/> before the entry is inflated, and inflation
/// stops at that size: the sizes in the zip headers are never trusted.
/// </summary>
public static class NpzReader
{
    /// <summary>Reads every array with the default budgets, in archive order.</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path) => Read(path, ReadOptions.Default);

    /// <inheritdoc cref="Read(string)"/>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var stream = new MemoryStream(options.ReadFile(path), writable: false);
        return Read(stream, path, options);
    }

    /// <summary>Reads every array of an archive in <paramref name="stream"/>; <paramref name="name"/> names it in errors.</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(Stream stream, string name, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;

            // No entry inflates to more than deflate's best ratio of the whole archive, whatever its headers declare.
            var archiveBound = stream.CanSeek ? Deflate.MaxInflatedSize(stream.Length) : long.MaxValue;
            foreach (var entry in zip.Entries)
            {
                var key = CheckName(entry.FullName, name);
                if (key is null)
                {
                    continue;
                }

                if (result.ContainsKey(key))
                {
                    throw new ImageFormatException(name, $"entry '{entry.FullName}' appears twice");
                }

                var entryName = $"{name}[{entry.FullName}]";
                var budget = Math.Min(options.MaxBytes - total, archiveBound);
                var bytes = ReadEntry(entry, entryName, options, budget);
                total += bytes.Length;
                result[key] = NpyReader.Decode(bytes, entryName, options);
            }
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or EndOfStreamException)
        {
            throw new ImageFormatException(name, $"not a readable zip archive: {e.Message}", e);
        }

        return result;
    }

    /// <summary>The array name for an entry (without .npy), null for non-.npy entries; hostile names throw.</summary>
    internal static string? CheckName(string entryName, string archive)
    {
        if (entryName.Length == 0 || entryName.EndsWith('/'))
        {
            return null;
        }

        var bad = entryName.StartsWith('/') || entryName.Contains('\\', StringComparison.Ordinal) || entryName.Contains(':', StringComparison.Ordinal)
            || entryName.Any(char.IsControl) || entryName.Split('/').Any(part => part is ".." or "." or "");
        if (bad)
        {
            throw new ImageFormatException(archive, $"entry name '{entryName}' is not a plain relative name (absolute path, '..', '\\', ':' or control characters)");
        }

        return entryName.EndsWith(".npy", StringComparison.Ordinal) ? entryName[..^4] : null;
    }

    /// <summary>
    /// One entry's bytes. The zip header's sizes are never trusted: the .npy header at the start of the entry declares
    /// shape and dtype, and that size is checked against the remaining <paramref name="budget"/> before the data is
    /// inflated into an exactly sized buffer; inflation stops there, however much more the entry would produce.
    /// </summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, string name, ReadOptions options, long budget)
    {
        using var source = entry.Open();
        var head = new byte[Math.Min(NpyReader.MaxPrefixedHeader, Math.Max(budget, 0))];
        var got = BoundedRead.Fill(source, head);
        var size = NpyReader.DeclaredSize(head.AsSpan(0, got), name, options);
        if (size > budget)
        {
            throw new ImageFormatException(name, $"the .npy header declares {size} bytes, above the {budget} bytes this entry may hold (the rest of ReadOptions.MaxBytes, and what the archive's size can inflate to)");
        }

        var bytes = options.Allocate<byte>(name, ".npy header shape × dtype", size);
        var copied = (int)Math.Min(got, size);
        head.AsSpan(0, copied).CopyTo(bytes);
        var rest = BoundedRead.Fill(source, bytes.AsSpan(copied));
        if (copied + rest < size)
        {
            throw new ImageFormatException(name, $"entry inflates to {copied + rest} bytes, its .npy header declares {size} (truncated archive?)");
        }

        return bytes;
    }
}
