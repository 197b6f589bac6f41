using System.Net;

namespace MedVision.Web;

/// <summary>
/// Checks the addresses <c>medvision serve</c> is asked to bind: plain <c>http://HOST:PORT</c> only, loopback unless
/// remote access is allowed. Also gives the Host header values the service answers to (DNS-rebinding defence).
/// </summary>
public static class ListenUrls
{
    /// <summary>
    /// The parsed addresses of <paramref name="urls"/>; throws <see cref="ServeOptionsException"/> for a malformed URL,
    /// another scheme than http, a path, or (without <paramref name="allowRemote"/>) any host that is not loopback.
    /// Wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) and host names other than <c>localhost</c> count as remote.
    /// </summary>
    public static IReadOnlyList<Uri> Check(IReadOnlyList<string> urls, bool allowRemote)
    {
        ArgumentNullException.ThrowIfNull(urls);
        if (urls.Count == 0)
        {
            throw new ServeOptionsException("--urls must name at least one address");
        }

        var parsed = new List<Uri>();
        foreach (var url in urls)
        {
            // Kestrel's wildcards are not valid URI hosts; read them as the any-address they stand for.
            var text = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new ServeOptionsException($"--urls '{url}' is not an http://HOST:PORT address");
            }

            if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ServeOptionsException($"--urls '{url}' must be http://HOST:PORT without a path, query or user");
            }

            if (!allowRemote && !IsLoopback(uri))
            {
                throw new ServeOptionsException($"--urls '{url}' listens beyond this machine; the service holds patient images and " +
                    "answers on loopback only unless --allow-remote is given");
            }

            parsed.Add(uri);
        }

        return parsed;
    }

    /// <summary>Whether <paramref name="uri"/>'s host is <c>localhost</c> or a loopback IP address (127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>
    /// Host header names (without port, lower case) the service answers to: <c>localhost</c>, <c>127.0.0.1</c>,
    /// <c>[::1]</c> and every bound host that is not a wildcard.
    /// </summary>
    public static IReadOnlySet<string> AllowedHosts(IEnumerable<Uri> bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]" };
        foreach (var uri in bound)
        {
            if (uri.Host is not ("0.0.0.0" or "[::]"))
            {
                hosts.Add(uri.Host.ToLowerInvariant());
            }
        }

        return hosts;
    }
}
