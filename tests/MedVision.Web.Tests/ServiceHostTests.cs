using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MedVision.Web.Tests;

public class ServiceHostTests
{
    [Fact]
    public async Task Health_AnswersOnLoopback()
    {
        await using var app = ServiceHost.Build(["--urls", "http://127.0.0.1:0"]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var health = await client.GetFromJsonAsync<HealthResponse>("/api/health");

        Assert.NotNull(health);
        Assert.Equal("ok", health.Status);
        Assert.Equal(Environment.ProcessorCount, health.Cores);
        await app.StopAsync();
    }
}
