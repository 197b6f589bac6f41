namespace MedVision.Web;

/// <summary>
/// The web page (<c>Page/index.html</c>, <c>app.js</c>, <c>app.css</c>), embedded in the assembly and served at
/// <c>/</c>. It holds no data and needs no token: it reads the token from the URL fragment (<c>#token=…</c>, which a
/// browser never sends to a server), keeps it in sessionStorage and sends it as a bearer header with each API call.
/// </summary>
internal static class PageFiles
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "page/index.html", "text/html; charset=utf-8"),
        ("/index.html", "page/index.html", "text/html; charset=utf-8"),
        ("/app.js", "page/app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "page/app.css", "text/css; charset=utf-8"),
    ];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            endpoints.MapGet(path, () => Results.Bytes(bytes, contentType)).ExcludeFromDescription();
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(PageFiles).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the assembly lacks its embedded resource '{resource}'");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
