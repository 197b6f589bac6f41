using System.IO.Compression;

namespace MedVision.Imaging.Io;

/// <summary>
/// Writes <c>.npz</c> archives as <c>numpy.savez</c> (stored) or <c>numpy.savez_compressed</c> (deflated) do:
/// one <c>NAME.npy</c> entry per array. Names must be plain relative names (see <see cref="NpzReader"/>).
/// </summary>
public static class NpzWriter
{
    /// <summary>Writes <paramref name="arrays"/> uncompressed, like <c>numpy.savez</c>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, NpyArray> arrays) => Write(path, arrays, compressed: false);

    /// <summary>Writes <paramref name="arrays"/>; <paramref name="compressed"/> deflates entries like <c>savez_compressed</c>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, NpyArray> arrays, bool compressed)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        foreach (var key in arrays.Keys)
        {
            try
            {
                NpzReader.CheckName(key + ".npy", path);
            }
            catch (ImageFormatException e)
            {
                throw new ArgumentException($"array name '{key}' is not a plain relative name: {e.Detail}", nameof(arrays), e);
            }
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var (key, array) in arrays)
        {
            var entry = zip.CreateEntry(key + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using var target = entry.Open();
            NpyWriter.Write(target, array);
        }
    }
}
