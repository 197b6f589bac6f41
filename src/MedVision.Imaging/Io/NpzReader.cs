using System.IO.Compression;

namespace MedVision.Imaging.Io;

/// <summary>
/// NumPy <c>.npz</c> archives (<c>numpy.savez</c> and <c>savez_compressed</c>: zip, stored or deflated): every
/// <c>NAME.npy</c> entry read with <see cref="NpyReader"/>, keyed by NAME. Entry names are checked: absolute
/// paths, drive letters, backslashes, <c>..</c> segments, control characters and duplicates are refused, so a
/// name can never lead outside a folder it is later used in. Each entry's inflated size counts against
/// <see cref="ReadOptions.MaxBytes"/> as it is read, whatever the zip header claims.
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
                var bytes = ReadBounded(entry, entryName, options.MaxBytes - total);
                total += bytes.Length;
                result[key] = NpyReader.Decode(bytes, entryName, options);
            }
        }
        catch (InvalidDataException e)
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

    private static byte[] ReadBounded(ZipArchiveEntry entry, string name, long budget)
    {
        if (entry.Length > budget)
        {
            throw new ImageFormatException(name, $"entry size {entry.Length} bytes exceeds the remaining budget of {budget} (ReadOptions.MaxBytes)");
        }

        using var source = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = source.Read(chunk)) > 0)
        {
            if (buffer.Length + read > budget)
            {
                throw new ImageFormatException(name, $"entry inflates beyond the budget of {budget} bytes (ReadOptions.MaxBytes)");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
