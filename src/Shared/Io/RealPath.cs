namespace MedVision.Io;

/// <summary>
/// The canonical path of a file: absolute, with every symbolic link along it replaced by its target (as
/// <c>realpath(3)</c>), so that a check such as "inside this folder" is made on the file that will actually be
/// opened. More than <see cref="MaxLinks"/> links (a loop) is an error.
/// </summary>
internal static class RealPath
{
    public const int MaxLinks = 40;

    /// <summary>The resolved form of <paramref name="path"/>; components that do not exist are kept as written.</summary>
    public static string Resolve(string path, Func<string, Exception> fail)
    {
        var full = Path.GetFullPath(path);
        var links = 0;
        while (true)
        {
            var root = Path.GetPathRoot(full)!;
            var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var current = root;
            string? restart = null;
            for (var i = 0; i < parts.Length; i++)
            {
                var next = Path.Combine(current, parts[i]);
                var target = new FileInfo(next).LinkTarget;
                if (target is null)
                {
                    current = next;
                    continue;
                }

                if (++links > MaxLinks)
                {
                    throw fail($"more than {MaxLinks} symbolic links while resolving the path (a link loop?)");
                }

                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                restart = Path.GetFullPath(Path.Combine([resolved, .. parts[(i + 1)..]]));
                break;
            }

            if (restart is null)
            {
                return current;
            }

            full = restart;
        }
    }

    /// <summary>True when <paramref name="path"/> (already resolved) lies strictly inside <paramref name="folder"/> (already resolved).</summary>
    public static bool IsInside(string path, string folder)
    {
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length;
    }
}
