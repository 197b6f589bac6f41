using System.Runtime.InteropServices;

namespace MedVision.Io;

/// <summary>
/// The one door through which every MedVision reader opens a file: the path is resolved through its symbolic
/// links (<see cref="RealPath"/>) and must name a regular file; a FIFO, socket, character or block device or
/// directory is refused before it is opened, because opening a FIFO blocks until a writer appears and a device
/// such as <c>/dev/zero</c> never ends. <c>fail</c> turns a detail ("is a FIFO, not a regular file") into the
/// caller's typed error, which names the path. A path that does not exist stays a <see cref="FileNotFoundException"/>.
/// </summary>
internal static partial class RegularFile
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>Opens <paramref name="path"/> for reading once it resolves to a regular file.</summary>
    public static FileStream Open(string path, Func<string, Exception> fail, FileOptions options = FileOptions.SequentialScan)
    {
        var real = Check(path, fail);
        return new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.Read, 1, options);
    }

    /// <summary>All bytes of the regular file <paramref name="path"/>, refused beyond <paramref name="maxBytes"/> (the option <paramref name="budget"/>).</summary>
    public static byte[] ReadAll(string path, long maxBytes, string budget, Func<string, Exception> fail)
    {
        using var stream = Open(path, fail);
        var length = stream.Length;
        if (length > maxBytes || length > Array.MaxLength)
        {
            throw fail($"file size {length} bytes is above the budget of {Math.Min(maxBytes, Array.MaxLength)} bytes ({budget})");
        }

        var bytes = Buffers.Allocate<byte>(length, maxBytes, budget, "file contents", fail);
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The real path of <paramref name="path"/> when it is a regular file; otherwise <paramref name="fail"/>'s error.</summary>
    public static string Check(string path, Func<string, Exception> fail)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(fail);
        var real = RealPath.Resolve(path, fail);
        if (Directory.Exists(real))
        {
            throw fail("is a directory, not a regular file");
        }

        if (!File.Exists(real))
        {
            throw new FileNotFoundException($"{MessageText.Sanitise(path, 400)}: file not found", path);
        }

        if (FileType(real) is { } type && type != Regular)
        {
            throw fail($"is a {Describe(type)}, not a regular file; only regular files are read");
        }

        return real;
    }

    private static string Describe(int type) => type switch
    {
        0x1000 => "FIFO (named pipe)",
        0x2000 => "character device",
        0x6000 => "block device",
        0xC000 => "socket",
        _ => $"special file (mode 0x{type:X4})",
    };

    /// <summary>
    /// The S_IFMT bits of <c>stat(2)</c> (links followed), or null where the platform's <c>struct stat</c> layout is
    /// not known here (there a special file is not told apart from a regular one). .NET reports no file type beyond
    /// directory and link, so this asks the C library; the offset of <c>st_mode</c> is fixed by each platform's ABI.
    /// </summary>
    private static int? FileType(string path)
    {
        int? modeOffset = (OperatingSystem.IsLinux(), OperatingSystem.IsMacOS(), RuntimeInformation.OSArchitecture) switch
        {
            (true, _, Architecture.X64) => 24,
            (true, _, Architecture.Arm64 or Architecture.LoongArch64 or Architecture.RiscV64) => 16,
            (_, true, _) => 4,
            _ => null,
        };
        if (modeOffset is null)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[512];
        int rc;
        try
        {
            rc = OperatingSystem.IsLinux() ? StatLinux(path, ref MemoryMarshal.GetReference(buffer)) : StatMac(path, ref MemoryMarshal.GetReference(buffer));
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // An unusual C library (glibc before 2.33 exports only __xstat): fall back to .NET's checks alone.
            return null;
        }

        if (rc != 0)
        {
            return null;
        }

        var mode = OperatingSystem.IsMacOS() ? BitConverter.ToUInt16(buffer[modeOffset.Value..]) : BitConverter.ToInt32(buffer[modeOffset.Value..]);
        return mode & TypeMask;
    }

    [LibraryImport("libc.so.6", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatLinux(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatMac(string path, ref byte buffer);
}
