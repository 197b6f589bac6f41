using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace MedVision.Pipeline.Tests.Browser;

/// <summary>
/// Opens a local HTML file in headless Chromium through the Chrome DevTools protocol (one page target, one
/// WebSocket) and records what a reader's browser would complain about: console errors, uncaught exceptions,
/// log entries of level error, failed loads and any request that leaves the file (not <c>file:</c> or <c>data:</c>).
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>What the page reported while loading, and the value of the probe script.</summary>
    public sealed record PageLoad(IReadOnlyList<string> Problems, JsonNode? Probe);

    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancel)
    {
        var profile = Directory.CreateTempSubdirectory("mv-chromium-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        var browser = new HeadlessChromium(process, profile);
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        string? line;
        Uri? devtools = null;
        while ((line = await process.StandardError.ReadLineAsync(cancel)) is not null)
        {
            const string marker = "DevTools listening on ";
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                devtools = new Uri(line[marker.Length..].Trim());
                break;
            }
        }

        if (devtools is null)
        {
            await browser.DisposeAsync();
            throw new InvalidOperationException($"{Executable} exited before opening its DevTools port");
        }

        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{devtools.Port}/json/list"), cancel))!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), cancel);
        return browser;
    }

    /// <summary>Loads <paramref name="path"/>, waits for its load event, then evaluates <paramref name="probe"/> (a JavaScript expression).</summary>
    public async Task<PageLoad> LoadAsync(string path, string probe, CancellationToken cancel)
    {
        var problems = new List<string>();
        foreach (var domain in new[] { "Runtime", "Log", "Network", "Page" })
        {
            await CallAsync($"{domain}.enable", new JsonObject(), problems, cancel);
        }

        await CallAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(path)).AbsoluteUri }, problems, cancel);
        while (true)
        {
            var message = await ReceiveAsync(cancel);
            if ((string?)message["method"] == "Page.loadEventFired")
            {
                break;
            }

            Record(message, problems);
        }

        var result = await CallAsync("Runtime.evaluate", new JsonObject { ["expression"] = probe, ["returnByValue"] = true }, problems, cancel);
        return new PageLoad(problems, result["result"]?["value"]?.DeepClone());
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still be releasing files; a leftover temp profile is harmless.
        }
    }

    private async Task<JsonNode> CallAsync(string method, JsonObject parameters, List<string> problems, CancellationToken cancel)
    {
        var id = ++_nextId;
        var text = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancel);
        while (true)
        {
            var message = await ReceiveAsync(cancel);
            if ((int?)message["id"] == id)
            {
                return message["error"] is { } error ? throw new InvalidOperationException($"{method}: {error.ToJsonString()}") : message["result"]!;
            }

            Record(message, problems);
        }
    }

    private async Task<JsonNode> ReceiveAsync(CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(chunk, cancel);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("Chromium closed the DevTools connection");
            }

            buffer.Write(chunk, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(buffer.ToArray())!;
    }

    private static void Record(JsonNode message, List<string> problems)
    {
        var p = message["params"];
        switch ((string?)message["method"])
        {
            case "Runtime.consoleAPICalled" when (string?)p!["type"] is "error" or "assert":
                problems.Add($"console.{p["type"]}: {p["args"]?.ToJsonString()}");
                break;
            case "Runtime.exceptionThrown":
                problems.Add($"exception: {p!["exceptionDetails"]?.ToJsonString()}");
                break;
            case "Log.entryAdded" when (string?)p!["entry"]!["level"] == "error":
                problems.Add($"log: {p["entry"]!["text"]} ({p["entry"]!["url"]})");
                break;
            case "Network.loadingFailed":
                problems.Add($"failed request: {p!["errorText"]}");
                break;
            case "Network.requestWillBeSent":
                var url = (string?)p!["request"]!["url"] ?? "";
                if (!url.StartsWith("file:", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal))
                {
                    problems.Add($"external request: {url}");
                }

                break;
        }
    }
}
