using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace MedVision.Web;

/// <summary>Settings of <see cref="LoadBenchmark.RunAsync"/>.</summary>
public sealed record LoadBenchmarkOptions
{
    /// <summary>Requests to send after the warm-up. Default 5,000.</summary>
    public int Requests { get; init; } = 5000;

    /// <summary>Requests in flight at once (one worker each). Default 64.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Share of requests that carry a malformed upload. Default 0.05.</summary>
    public double MalformedShare { get; init; } = 0.05;

    /// <summary>Valid requests sent, at full concurrency, before the first memory reading (not counted). Default 256.</summary>
    public int WarmUp { get; init; } = 256;

    /// <summary>Seed of the choice of malformed requests and their bytes. Default 0.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// What <see cref="LoadBenchmark.RunAsync"/> measured. Latencies are of valid requests, client side, in milliseconds.
/// Memory is that of the process running the benchmark (service and client when both run in it), after warm-up and after the run.
/// </summary>
public sealed record LoadBenchmarkResult(
    int Requests,
    int Concurrency,
    int Valid,
    int ValidErrors,
    int Malformed,
    int MalformedRefused,
    int MalformedOther,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double RequestsPerSecond,
    long WorkingSetBefore,
    long WorkingSetAfter,
    long ManagedHeapBefore,
    long ManagedHeapAfter)
{
    /// <summary>
    /// The bar of docs/serve.md: no valid request failed, every malformed one got a 4xx, p99 ≤ 3 × p50, and the working
    /// set after the run is within 25 % of the one after the warm-up.
    /// </summary>
    public bool MeetsBar => ValidErrors == 0 && MalformedOther == 0 && P99Ms <= 3 * P50Ms && WorkingSetAfter <= 1.25 * WorkingSetBefore;
}

/// <summary>
/// A bounded load test of <c>POST /api/predict</c> over loopback: <see cref="LoadBenchmarkOptions.Concurrency"/> workers
/// send <see cref="LoadBenchmarkOptions.Requests"/> uploads, a share of them malformed (truncated, corrupted past the
/// header, random bytes, empty); a valid request counts as an error unless it gets 200 with a prediction, a malformed one
/// unless it gets 400 or 415.
/// </summary>
public static class LoadBenchmark
{
    /// <summary>Runs the benchmark against <paramref name="baseAddress"/> (a loopback address of a running service).</summary>
    public static async Task<LoadBenchmarkResult> RunAsync(Uri baseAddress, string token, string model, byte[] image, LoadBenchmarkOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        if (!ListenUrls.IsLoopback(baseAddress))
        {
            throw new ArgumentException($"the load benchmark sends traffic to loopback addresses only, got {baseAddress}", nameof(baseAddress));
        }

        if (options.Requests < 1 || options.Concurrency < 1 || options.MalformedShare is < 0 or > 1 || options.WarmUp < 0)
        {
            throw new ArgumentException($"requests and concurrency must be ≥ 1, malformed share in [0, 1], warm-up ≥ 0; got {options}", nameof(options));
        }

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var path = "/api/predict?model=" + Uri.EscapeDataString(model);
        var random = new Random(options.Seed);
        var plan = Enumerable.Range(0, options.Requests).Select(_ => random.NextDouble() < options.MalformedShare ? Malformed(image, random) : null).ToArray();

        // The warm-up runs at full concurrency too, so that the first memory reading already holds the service's
        // steady-state buffers (connections, queued uploads, thread-pool threads), not only one request's.
        await Phase(client, path, image, new byte[]?[options.WarmUp], options.Concurrency, new double[options.WarmUp], new Outcome[options.WarmUp], cancel).ConfigureAwait(false);
        var (setBefore, heapBefore) = Memory();
        var latencies = new double[options.Requests];
        var outcomes = new Outcome[options.Requests];
        var clock = Stopwatch.StartNew();
        await Phase(client, path, image, plan, options.Concurrency, latencies, outcomes, cancel).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var (setAfter, heapAfter) = Memory();

        var valid = Enumerable.Range(0, plan.Length).Where(i => plan[i] is null).ToArray();
        var malformed = Enumerable.Range(0, plan.Length).Where(i => plan[i] is not null).ToArray();
        var sorted = valid.Select(i => latencies[i]).Order().ToArray();
        return new LoadBenchmarkResult(
            options.Requests,
            options.Concurrency,
            valid.Length,
            valid.Count(i => outcomes[i] != Outcome.Good),
            malformed.Length,
            malformed.Count(i => outcomes[i] == Outcome.Good),
            malformed.Count(i => outcomes[i] != Outcome.Good),
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99),
            sorted.Length > 0 ? sorted[^1] : double.NaN,
            options.Requests / seconds,
            setBefore,
            setAfter,
            heapBefore,
            heapAfter);
    }

    private enum Outcome : byte
    {
        Bad,
        Good,
    }

    /// <summary>Sends <paramref name="plan"/> (null: the valid image) from <paramref name="concurrency"/> workers; records each latency and outcome.</summary>
    private static async Task Phase(HttpClient client, string path, byte[] image, byte[]?[] plan, int concurrency, double[] latencies, Outcome[] outcomes, CancellationToken cancel)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Length)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await Send(client, path, plan[i] ?? image, cancel).ConfigureAwait(false);
                    var body = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
                    outcomes[i] = plan[i] is null
                        ? response.StatusCode == HttpStatusCode.OK && body.Contains("\"probabilities\"", StringComparison.Ordinal) ? Outcome.Good : Outcome.Bad
                        : response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType ? Outcome.Good : Outcome.Bad;
                }
                catch (HttpRequestException)
                {
                    outcomes[i] = Outcome.Bad;
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string path, byte[] body, CancellationToken cancel)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await client.PostAsync(new Uri(path, UriKind.Relative), content, cancel).ConfigureAwait(false);
    }

    /// <summary>One of four kinds of bad upload derived from a valid one.</summary>
    private static byte[] Malformed(byte[] image, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                return image[..Math.Max(1, image.Length / 2)];
            case 1:
                var corrupted = (byte[])image.Clone();
                random.NextBytes(corrupted.AsSpan(Math.Min(corrupted.Length, 16)));
                return corrupted;
            case 2:
                var noise = new byte[256 + random.Next(4096)];
                random.NextBytes(noise);
                noise[0] = 0x42; // no format starts with 'B' followed by noise
                return noise;
            default:
                return [];
        }
    }

    private static (long WorkingSet, long ManagedHeap) Memory()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, heap);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
