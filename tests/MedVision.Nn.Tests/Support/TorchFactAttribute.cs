using System.Diagnostics;

namespace MedVision.Nn.Tests.Support;

/// <summary>A fact that needs Debian's <c>/usr/bin/python3</c> with torch and torchvision; skipped without them.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class TorchFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() =>
    {
        if (!File.Exists(Python))
        {
            return false;
        }

        try
        {
            using var p = Process.Start(new ProcessStartInfo(Python, "-c \"import torch, torchvision\"") { RedirectStandardError = true, RedirectStandardOutput = true });
            p!.WaitForExit(60_000);
            return p.HasExited && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public TorchFactAttribute()
    {
        if (!Available.Value)
        {
            Skip = "/usr/bin/python3 with torch and torchvision is absent";
        }
    }

    public const string Python = "/usr/bin/python3";
}
