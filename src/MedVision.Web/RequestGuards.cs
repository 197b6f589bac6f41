using System.Diagnostics;

namespace MedVision.Web;

/// <summary>
/// The middleware every request passes, outermost first: an access log that records method, route template,
/// status and duration only (never paths, query strings, file names or image contents); a last-resort handler that
/// turns an unexpected exception into a bare 500 problem; security headers; the Host allow-list (DNS-rebinding
/// defence, 400); and the bearer token (401) on everything but the page's own files.
/// </summary>
internal static partial class RequestGuards
{
    /// <summary>The page's files: the only paths served without the token.</summary>
    public static readonly IReadOnlySet<string> PublicPaths = new HashSet<string>(StringComparer.Ordinal) { "/", "/index.html", "/app.js", "/app.css" };

    /// <summary>Content-Security-Policy of the page: its own script and style, images from data: and blob: URLs, fetches to itself.</summary>
    public const string PageCsp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; frame-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Use(WebApplication app, IReadOnlySet<string> allowedHosts, string token)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MedVision.Web.Requests");
        app.Use(async (http, next) =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await next(http).ConfigureAwait(false);
            }
            finally
            {
                var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                var milliseconds = clock.Elapsed.TotalMilliseconds;
                Served(log, http.Request.Method, route, http.Response.StatusCode, milliseconds);
            }
        });

        app.Use(async (http, next) =>
        {
            try
            {
                await next(http).ConfigureAwait(false);
            }
            catch (Exception e) when (!http.RequestAborted.IsCancellationRequested && e is not OperationCanceledException)
            {
                // The type alone: a message could quote what the request carried.
                Failed(log, e.GetType().FullName ?? e.GetType().Name);
                if (!http.Response.HasStarted)
                {
                    http.Response.Clear();
                    await Problems.WriteAsync(http, StatusCodes.Status500InternalServerError, "Internal error", "the service failed on this request; it keeps serving others").ConfigureAwait(false);
                }
            }
        });

        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = PageCsp;
            headers.CacheControl = "no-store";
            return next(http);
        });

        app.Use((http, next) =>
        {
            var host = http.Request.Host;
            if (!host.HasValue || !allowedHosts.Contains(host.Host))
            {
                return Problems.WriteAsync(http, StatusCodes.Status400BadRequest, "Host not allowed",
                    "the Host header names no address this service answers to (it answers to localhost and the addresses it listens on)");
            }

            return next(http);
        });

        app.Use((http, next) =>
        {
            if (PublicPaths.Contains(http.Request.Path.Value ?? "") && HttpMethods.IsGet(http.Request.Method) || AccessToken.Matches(http.Request.Headers.Authorization, token))
            {
                return next(http);
            }

            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.WriteAsync(http, StatusCodes.Status401Unauthorized, "Token required",
                "send the token that `medvision serve` printed (and wrote to its token file) as 'Authorization: Bearer <token>'");
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} {Status} {Milliseconds:F1} ms")]
    private static partial void Served(ILogger log, string method, string route, int status, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "unhandled {Exception}")]
    private static partial void Failed(ILogger log, string exception);
}
