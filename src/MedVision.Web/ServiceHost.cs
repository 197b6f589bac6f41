using System.Net.NetworkInformation;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using MedVision.Imaging.Io;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace MedVision.Web;

/// <summary>
/// The local MedVision HTTP service behind <c>medvision serve</c>: a page at <c>/</c>, and
/// <c>GET /api/health</c>, <c>GET /api/models</c>, <c>POST /api/predict?model=NAME</c>, <c>GET /api/runs</c> and
/// <c>GET /runs/{id}/report.html</c>, all behind <see cref="RequestGuards"/> (Host allow-list, bearer token, access
/// log without patient data) and Kestrel's body-size limit; predictions also behind a concurrency limiter.
/// docs/serve.md gives the threat model.
/// </summary>
public static class ServiceHost
{
    /// <summary>Name of the concurrency-limiter policy of <c>/api/predict</c>.</summary>
    public const string PredictPolicy = "predict";

    /// <summary>
    /// Checks <paramref name="options"/>, loads the models and builds the service; <see cref="LocalService.StartAsync"/>
    /// starts it. <paramref name="logging"/> replaces the default logging (simple console on standard error).
    /// <paramref name="extraEndpoints"/> maps further endpoint families (such as a DICOMweb receiver) after the
    /// built-in ones, behind the same guards.
    /// </summary>
    public static LocalService Build(ServeOptions options, Action<ILoggingBuilder>? logging = null, Action<IEndpointRouteBuilder>? extraEndpoints = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxUploadBytes < 1)
        {
            throw new ServeOptionsException($"--max-upload-mb must be ≥ 1, got a limit of {options.MaxUploadBytes} bytes");
        }

        if (options.MaxConcurrentPredictions < 1 || options.PredictionQueue < 0)
        {
            throw new ServeOptionsException($"--max-concurrent must be ≥ 1 and --queue ≥ 0, got {options.MaxConcurrentPredictions} and {options.PredictionQueue}");
        }

        var urls = ListenUrls.Check(options.Urls, options.AllowRemote);
        var catalog = ModelCatalog.Load(options.ModelsFolder);
        var token = AccessToken.Create();
        var tokenFile = Path.GetFullPath(options.TokenFile ?? AccessToken.DefaultFile);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // No appsettings.json of the working folder and no ASPNETCORE_ variable may add endpoints (a Kestrel:Endpoints
        // section would bind beside, and past the checks of, the addresses given here): the options are the configuration.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes;
        });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true);
            builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else
        {
            logging(builder.Logging);
        }

        // ASP.NET Core's own request logs carry paths and query strings; only warnings of its own health pass.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<FormOptions>(form =>
        {
            form.MultipartBodyLengthLimit = options.MaxUploadBytes;
            // Keep uploaded images in memory: a spilled buffer would leave patient pixels in a temporary file.
            form.MemoryBufferThreshold = (int)Math.Min(options.MaxUploadBytes, int.MaxValue);
        });
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(PredictPolicy, c =>
            {
                c.PermitLimit = options.MaxConcurrentPredictions;
                c.QueueLimit = options.PredictionQueue;
                c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status503ServiceUnavailable, "Busy",
                    $"{options.MaxConcurrentPredictions} predictions are running and {options.PredictionQueue} waiting; retry shortly"));
            };
        });

        // Decoded pixel budgets: a small upload must not inflate (deflated PNG or DICOM) into gigabytes.
        builder.Services.AddSingleton(_ => new Predictor(catalog, new ReadOptions { MaxBytes = options.MaxUploadBytes * 4, MaxPixels = options.MaxImageValues }));
        var app = builder.Build();
        var predictor = app.Services.GetRequiredService<Predictor>();
        RequestGuards.Use(app, AllowedHosts(urls), token);
        app.UseRateLimiter();

        var runs = options.RunsFolder is null ? null : new RunCatalog(options.RunsFolder);
        PageFiles.Map(app);
        var version = typeof(ServiceHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        app.MapGet("/api/health", () => Results.Json(new HealthResponse("ok", version, Environment.ProcessorCount)));
        app.MapGet("/api/models", () => Results.Json(catalog.Cards()));
        app.MapPost("/api/predict", (Func<HttpContext, Task<IResult>>)(http => Predict(http, predictor, options.MaxUploadBytes))).RequireRateLimiting(PredictPolicy);
        app.MapGet("/api/runs", () => Results.Json(runs?.List() ?? []));
        app.MapGet("/runs/{id}/report.html", (string id, HttpContext http) =>
        {
            if (runs?.Report(id) is not { } path)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such report", detail: "no run of that id has a report.html in the runs folder");
            }

            // The study report is self-contained (inline style and images, no script); it may run nothing and load nothing.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";
            return Results.File(path, "text/html; charset=utf-8");
        });

        // Further endpoint families go here, after the built-in ones and behind the same guards.
        extraEndpoints?.Invoke(app);
        return new LocalService(app, token, tokenFile, catalog.Names, urls.Any(u => !ListenUrls.IsLoopback(u)));
    }

    private static async Task<IResult> Predict(HttpContext http, Predictor predictor, long maxBytes)
    {
        try
        {
            var upload = await ReadUpload(http.Request, maxBytes).ConfigureAwait(false);
            return Results.Json(await predictor.PredictAsync(http.Request.Query["model"], upload, http.RequestAborted).ConfigureAwait(false));
        }
        catch (UploadException e)
        {
            return Problems.Of(e);
        }
        catch (BadHttpRequestException e)
        {
            return Results.Problem(statusCode: e.StatusCode, title: e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Upload too large" : "Bad request",
                detail: e.StatusCode == StatusCodes.Status413PayloadTooLarge ? $"the upload is larger than the service's limit of {maxBytes} bytes (--max-upload-mb)" : e.Message);
        }
        catch (InvalidDataException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed multipart body", detail: e.Message);
        }
    }

    /// <summary>The image bytes of a request: the first file of a multipart form, or else the raw body.</summary>
    private static async Task<byte[]> ReadUpload(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new UploadException(StatusCodes.Status413PayloadTooLarge, "Upload too large",
                $"the upload is {request.ContentLength} bytes, above the service's limit of {maxBytes} bytes (--max-upload-mb)");
        }

        // Only a multipart form is unpacked; any other content type (curl's --data-binary sends a url-encoded one) is the raw image.
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            var file = form.Files.Count > 0 ? form.Files[0] : throw new UploadException(StatusCodes.Status400BadRequest, "No file", "the multipart form holds no file part");
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return buffer.ToArray();
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return body.ToArray();
    }

    /// <summary>
    /// <see cref="ListenUrls.AllowedHosts"/>, and for a wildcard address also this machine's name and interface
    /// addresses: a remote client names the machine by one of them, and neither can be an attacker's DNS name.
    /// </summary>
    private static IReadOnlySet<string> AllowedHosts(IReadOnlyList<Uri> urls)
    {
        var hosts = new HashSet<string>(ListenUrls.AllowedHosts(urls), StringComparer.OrdinalIgnoreCase);
        if (urls.Any(u => u.Host is "0.0.0.0" or "[::]"))
        {
            hosts.Add(Environment.MachineName.ToLowerInvariant());
            foreach (var address in NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address))
            {
                hosts.Add(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address.ToString().Split('%')[0]}]" : address.ToString());
            }
        }

        return hosts;
    }
}

/// <summary>Answer of <c>GET /api/health</c>.</summary>
public sealed record HealthResponse(string Status, string Version, int Cores);
