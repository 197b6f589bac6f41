using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MedVision.Testing;

/// <summary>
/// A private Orthanc (Debian package <c>orthanc</c>, DICOMweb plugin from <c>orthanc-dicomweb</c>) for one test class:
/// a JSON configuration in a temporary folder (loopback HTTP on a free port, a free DICOM port, no remote access, no
/// authentication, storage in that folder, the DICOMweb plugin at <c>/dicom-web/</c>, optionally DICOMweb servers it
/// may send to), started, awaited until <c>/system</c> answers, and killed on dispose. Shared by the test projects
/// that need a PACS; a test class takes it as a class fixture and its tests use <see cref="OrthancFactAttribute"/>.
/// </summary>
public sealed class OrthancFixture : IDisposable
{
    public const string Executable = "/usr/sbin/Orthanc";
    public const string Plugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    private readonly Process? _process;
    private readonly string _folder = Directory.CreateTempSubdirectory("mv-orthanc-").FullName;
    private readonly Queue<string> _log = new();

    public OrthancFixture()
        : this(new Dictionary<string, Uri>())
    {
    }

    /// <summary>An Orthanc that knows <paramref name="servers"/> (name → DICOMweb root) as <c>DicomWeb.Servers</c>.</summary>
    public OrthancFixture(IReadOnlyDictionary<string, Uri> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (MissingReason is not null)
        {
            return;
        }

        var http = FreePort();
        var dicom = FreePort();
        var storage = Path.Combine(_folder, "db").Replace("\\", "/", StringComparison.Ordinal);
        var config = Path.Combine(_folder, "orthanc.json");
        File.WriteAllText(config, $$"""
            {
              "Name": "medvision-test",
              "StorageDirectory": "{{storage}}",
              "IndexDirectory": "{{storage}}",
              "HttpPort": {{http}},
              "DicomPort": {{dicom}},
              "RemoteAccessAllowed": false,
              "AuthenticationEnabled": false,
              "HttpServerEnabled": true,
              "DicomServerEnabled": true,
              "StableAge": 1,
              "Plugins": [ "{{Plugin}}" ],
              "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "Servers": { {{string.Join(", ", servers.Select(p => $"\"{p.Key}\": [\"{p.Value.AbsoluteUri.TrimEnd('/')}/\"]"))}} } }
            }
            """);
        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(config);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        _process.OutputDataReceived += (_, e) => Note(e.Data);
        _process.ErrorDataReceived += (_, e) => Note(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Rest = new Uri($"http://127.0.0.1:{http}");
        DicomWeb = new Uri($"http://127.0.0.1:{http}/dicom-web");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (client.GetAsync(new Uri(Rest, "/system")).GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (_process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                Dispose();
                throw new InvalidOperationException($"Orthanc did not answer {Rest}system within {watch.Elapsed.TotalSeconds:0} s (exited: {_process.HasExited}):\n{Log}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Why the tests cannot run here, or null when Orthanc and its DICOMweb plugin are installed.</summary>
    public static string? MissingReason =>
        !File.Exists(Executable) ? $"{Executable} is not installed (Debian package orthanc)"
        : !File.Exists(Plugin) ? $"{Plugin} is not installed (Debian package orthanc-dicomweb)"
        : null;

    /// <summary>The last lines Orthanc logged (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>Orthanc's REST root.</summary>
    public Uri Rest { get; } = new("http://127.0.0.1:1");

    /// <summary>The DICOMweb root, without a trailing slash.</summary>
    public Uri DicomWeb { get; } = new("http://127.0.0.1:1/dicom-web");

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Note(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > 40)
            {
                _log.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
