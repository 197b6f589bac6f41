using System.CommandLine;
using System.Globalization;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Pacs;
using MedVision.Web;
using MedVision.Web.DicomWeb;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision serve --models DIR [--runs DIR] [--urls URL] [--allow-remote] [--token-file PATH] [--max-upload-mb N]</c>:
/// the local web service and its page (<see cref="ServiceHost"/>). Prints the page's address with a fresh bearer token in
/// its fragment, writes the token to a file of mode 0600, and serves until Ctrl+C. <c>medvision bench serve</c>
/// (<see cref="Bench"/>) load-tests it in-process over loopback. <c>--stow-inbox DIR [--stow-model BUNDLE]</c> adds the
/// STOW-RS receiver (<see cref="StowRsEndpoints.MapStowRs"/>) behind the same token and guards.
/// </summary>
internal static class ServeVerb
{
    public static Command Create(CliContext context)
    {
        var models = ModelsOption();
        var runs = new Option<string?>("--runs") { Description = "Folder of study runs (runs/<study>/results.json, report.html) to browse" };
        var urls = new Option<string[]>("--urls")
        {
            Description = $"Addresses to listen on (default {ServeOptions.DefaultUrl}; port 0 picks a free one); loopback unless --allow-remote",
            AllowMultipleArgumentsPerToken = true,
        };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow addresses beyond loopback (the service then answers the network; see docs/serve.md)" };
        var tokenFile = new Option<string?>("--token-file") { Description = $"Where to write the bearer token, mode 0600 (default {AccessToken.DefaultFile})" };
        var maxUpload = new Option<int>("--max-upload-mb") { Description = "Largest upload in MiB; larger requests get 413", DefaultValueFactory = _ => 64 };
        var maxConcurrent = new Option<int>("--max-concurrent") { Description = "Predictions decoded and scored at once (default: the core count)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var queue = new Option<int>("--queue") { Description = "Predictions that may wait for a slot; beyond it requests get 503", DefaultValueFactory = _ => 256 };
        var stowInbox = new Option<string?>("--stow-inbox") { Description = "Also take STOW-RS (POST /dicomweb/studies) into this folder, e.g. studies a PACS forwards (docs/dicomweb.md)" };
        var stowModel = new Option<string?>("--stow-model") { Description = "With --stow-inbox: the bundle folder (a two-class model) that classifies each received image into results.csv, SC and SR" };
        var command = new Command("serve", "Serve models and study reports to a local web page and HTTP API (token-protected, loopback by default)")
        {
            models, runs, urls, allowRemote, tokenFile, maxUpload, maxConcurrent, queue, stowInbox, stowModel,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var options = new ServeOptions
            {
                ModelsFolder = parse.GetRequiredValue(models),
                RunsFolder = parse.GetValue(runs),
                Urls = parse.GetValue(urls) is { Length: > 0 } given ? given : [ServeOptions.DefaultUrl],
                AllowRemote = parse.GetValue(allowRemote),
                TokenFile = parse.GetValue(tokenFile),
                MaxUploadBytes = (long)Positive(parse.GetValue(maxUpload), "--max-upload-mb") << 20,
                MaxConcurrentPredictions = Positive(parse.GetValue(maxConcurrent), "--max-concurrent"),
                PredictionQueue = parse.GetValue(queue) >= 0 ? parse.GetValue(queue) : throw new UsageException($"--queue must be ≥ 0, got {parse.GetValue(queue)}"),
            };
            await using var service = Build(options, extraEndpoints: Stow(parse.GetValue(stowInbox), parse.GetValue(stowModel)));
            if (service.IsRemote)
            {
                context.StdErr.WriteLine("medvision: warning: --allow-remote: the service answers other machines. Traffic is plain HTTP (the token and " +
                    "images cross the network unencrypted); put it behind a TLS proxy and a firewall. See docs/serve.md.");
            }

            await service.StartAsync(cancel);
            context.StdErr.WriteLine($"medvision serve: models {string.Join(", ", service.Models)} at {string.Join(", ", service.Addresses)}");
            context.StdOut.WriteLine(service.PageUrl);
            context.StdErr.WriteLine($"token written to {service.TokenFile} (mode 0600); send it as 'Authorization: Bearer <token>'. Ctrl+C stops.");
            // Ctrl+C reaches the command line's token; SIGTERM the host's lifetime. Either stops the service.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, service.App.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping: below.
            }

            await service.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>medvision bench serve</c>: starts the service in-process on a free loopback port and runs <see cref="LoadBenchmark"/>.</summary>
    public static Command Bench(CliContext context)
    {
        var models = ModelsOption();
        var model = new Option<string?>("--model") { Description = "Model to score with (default: the first)" };
        var image = new Option<string>("--image") { Description = "A valid image file to upload (PNG, JPEG, DICOM or NumPy)", Required = true };
        var requests = new Option<int>("--requests") { Description = "Requests to send", DefaultValueFactory = _ => 5000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 64 };
        var malformed = new Option<double>("--malformed") { Description = "Share of malformed uploads", DefaultValueFactory = _ => 0.05 };
        var command = new Command("serve", "Load-test the web service over loopback: errors, p50/p99 latency, memory before and after")
        {
            models, model, image, requests, concurrency, malformed,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var bytes = File.Exists(parse.GetRequiredValue(image)) ? await File.ReadAllBytesAsync(parse.GetRequiredValue(image), cancel)
                : throw new UsageException($"--image '{parse.GetRequiredValue(image)}' does not exist");
            var share = parse.GetValue(malformed);
            var options = new LoadBenchmarkOptions
            {
                Requests = Positive(parse.GetValue(requests), "--requests"),
                Concurrency = Positive(parse.GetValue(concurrency), "--concurrency"),
                MalformedShare = share is >= 0 and <= 1 ? share : throw new UsageException($"--malformed must be in [0, 1], got {share}"),
            };
            var tokenFile = Path.Combine(Path.GetTempPath(), $"medvision-bench-{Environment.ProcessId}.token");
            await using var service = Build(new ServeOptions
            {
                ModelsFolder = parse.GetRequiredValue(models),
                Urls = ["http://127.0.0.1:0"],
                TokenFile = tokenFile,
                MaxConcurrentPredictions = Environment.ProcessorCount,
                PredictionQueue = options.Concurrency * 2,
            }, quiet: true);
            await service.StartAsync(cancel);
            var name = parse.GetValue(model) ?? service.Models[0];
            context.StdErr.WriteLine($"bench serve: {options.Requests} requests, {options.Concurrency} concurrent, {options.MalformedShare:P0} malformed, model {name}");
            var result = await LoadBenchmark.RunAsync(service.Addresses[0], service.Token, name, bytes, options, cancel);
            await service.StopAsync(CancellationToken.None);
            var inv = CultureInfo.InvariantCulture;
            context.StdOut.WriteLine(string.Create(inv, $"valid requests:     {result.Valid} ({result.ValidErrors} errors)"));
            context.StdOut.WriteLine(string.Create(inv, $"malformed requests: {result.Malformed} ({result.MalformedRefused} refused with 4xx, {result.MalformedOther} otherwise)"));
            context.StdOut.WriteLine(string.Create(inv, $"latency (valid):    p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms (p99/p50 {result.P99Ms / result.P50Ms:F2}), max {result.MaxMs:F1} ms"));
            context.StdOut.WriteLine(string.Create(inv, $"throughput:         {result.RequestsPerSecond:F0} requests/s"));
            context.StdOut.WriteLine(string.Create(inv, $"working set:        {result.WorkingSetBefore / 1048576.0:F1} MiB before, {result.WorkingSetAfter / 1048576.0:F1} MiB after"));
            context.StdOut.WriteLine(string.Create(inv, $"managed heap:       {result.ManagedHeapBefore / 1048576.0:F1} MiB before, {result.ManagedHeapAfter / 1048576.0:F1} MiB after"));
            context.StdOut.WriteLine(result.MeetsBar ? "bar met: 0 errors on valid requests, malformed ones refused, p99 ≤ 3 × p50, working set within 25 %" : "bar NOT met (see docs/serve.md)");
            return result.MeetsBar ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static Option<string> ModelsOption() =>
        new("--models") { Description = "Folder of model bundles (runs/<study>/models), or one bundle folder", Required = true };

    private static LocalService Build(ServeOptions options, bool quiet = false, Action<IEndpointRouteBuilder>? extraEndpoints = null)
    {
        try
        {
            return ServiceHost.Build(options, quiet ? logging => logging.SetMinimumLevel(LogLevel.Warning) : null, extraEndpoints);
        }
        catch (ServeOptionsException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The STOW-RS receiver of <c>--stow-inbox</c> (behind the same token and guards as the rest), or null without it.</summary>
    private static Action<IEndpointRouteBuilder>? Stow(string? inbox, string? model)
    {
        if (inbox is null)
        {
            return model is null ? null : throw new UsageException("--stow-model needs --stow-inbox");
        }

        PacsClassifier? classifier = null;
        if (model is not null)
        {
            var bundle = ModelBundle.Load(model);
            classifier = bundle.IsMulticlass
                ? throw new UsageException($"--stow-model: '{model}' tells {bundle.Manifest.ClassNames.Count} classes apart; PACS results are written for two-class models")
                : new PacsClassifier(bundle, PacsClassifier.ModelKey(model));
        }

        var options = new StowOptions { Inbox = Path.GetFullPath(inbox), Classifier = classifier };
        return endpoints => endpoints.MapStowRs(options);
    }

    private static int Positive(int value, string name) => value >= 1 ? value : throw new UsageException($"{name} must be ≥ 1, got {value}");
}
