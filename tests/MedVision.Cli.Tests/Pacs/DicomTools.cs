using System.Diagnostics;

namespace MedVision.Cli.Tests.Pacs;

/// <summary>Independent readers of the files MedVision writes, run when installed: DCMTK's dcmdump and dsrdump, and pydicom.</summary>
internal static class DicomTools
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Exit code, standard output and error of a program, or null when it is not installed.</summary>
    public static (int Code, string Out, string Err)? Run(string program, params string[] args)
    {
        var path = program.StartsWith('/') ? program : Path.Combine("/usr/bin", program);
        if (!File.Exists(path))
        {
            return null;
        }

        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    /// <summary>True when python3 can import pydicom and NumPy, which pydicom needs to decode pixel data.</summary>
    public static bool HasPydicom { get; } = Run(Python, "-c", "import pydicom, numpy") is { Code: 0 };
}
