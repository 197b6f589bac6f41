using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MedVision.Web;

/// <summary>
/// A built service (<see cref="ServiceHost.Build"/>) with its bearer token. <see cref="StartAsync"/> writes the
/// token file and binds; <see cref="StopAsync"/> (or disposing) stops the service and removes the token file.
/// </summary>
public sealed class LocalService : IAsyncDisposable
{
    private bool _wroteToken;

    internal LocalService(WebApplication app, string token, string tokenFile, IReadOnlyList<string> models, bool remote)
    {
        App = app;
        Token = token;
        TokenFile = tokenFile;
        Models = models;
        IsRemote = remote;
    }

    /// <summary>Names of the models served (<c>?model=</c> values).</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>Whether an address beyond loopback is bound (only with <see cref="ServeOptions.AllowRemote"/>).</summary>
    public bool IsRemote { get; }

    /// <summary>The ASP.NET Core application.</summary>
    public WebApplication App { get; }

    /// <summary>The bearer token every API request must carry.</summary>
    public string Token { get; }

    /// <summary>Where the token is written (mode 0600) while the service runs.</summary>
    public string TokenFile { get; }

    /// <summary>The bound addresses (with the real port when port 0 was asked for); empty before start.</summary>
    public IReadOnlyList<Uri> Addresses =>
        [.. (App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Select(a => new Uri(a))];

    /// <summary>
    /// The page's address with the token in its fragment, as printed at start: the first bound address, with a
    /// wildcard host replaced by its loopback address (the Host allow-list does not admit <c>0.0.0.0</c>).
    /// </summary>
    public Uri PageUrl
    {
        get
        {
            var first = new UriBuilder(Addresses[0]);
            first.Host = first.Host switch { "0.0.0.0" => "127.0.0.1", "[::]" => "[::1]", var h => h };
            return new Uri(first.Uri, "/#token=" + Token);
        }
    }

    /// <summary>Writes the token file, then binds and starts serving.</summary>
    public async Task StartAsync(CancellationToken cancel = default)
    {
        AccessToken.WriteFile(TokenFile, Token);
        _wroteToken = true;
        try
        {
            await App.StartAsync(cancel).ConfigureAwait(false);
        }
        catch
        {
            RemoveTokenFile();
            throw;
        }
    }

    /// <summary>Stops serving and removes the token file.</summary>
    public async Task StopAsync(CancellationToken cancel = default)
    {
        try
        {
            await App.StopAsync(cancel).ConfigureAwait(false);
        }
        finally
        {
            RemoveTokenFile();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        RemoveTokenFile();
        await App.DisposeAsync().ConfigureAwait(false);
    }

    private void RemoveTokenFile()
    {
        if (_wroteToken && File.Exists(TokenFile))
        {
            File.Delete(TokenFile);
        }

        _wroteToken = false;
    }
}
