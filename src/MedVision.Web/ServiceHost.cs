using System.Reflection;

namespace MedVision.Web;

/// <summary>
/// The local MedVision HTTP service. Binds to loopback only (http://127.0.0.1:5080 unless <c>--urls</c> says
/// otherwise): it serves one workstation, not a network.
/// </summary>
public static class ServiceHost
{
    /// <summary>Builds the service with its endpoints; the caller starts it.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }

        var app = builder.Build();
        var version = typeof(ServiceHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        app.MapGet("/api/health", () => Results.Json(new HealthResponse("ok", version, Environment.ProcessorCount)));
        return app;
    }
}

/// <summary>Answer of <c>GET /api/health</c>.</summary>
public sealed record HealthResponse(string Status, string Version, int Cores);
