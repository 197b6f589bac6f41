using System.Security.Cryptography;
using System.Text;

namespace MedVision.Web;

/// <summary>
/// The bearer token of one service run: 32 bytes from the operating system's cryptographic generator, base64url
/// (43 characters). It is written to a file only its owner can read (mode 0600, in a folder of mode 0700) so that
/// scripts on the same account can pick it up, and compared in constant time.
/// </summary>
public static class AccessToken
{
    /// <summary><c>~/.medvision/serve.token</c>: where the token goes when <see cref="ServeOptions.TokenFile"/> is not set.</summary>
    public static string DefaultFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".medvision", "serve.token");

    /// <summary>A fresh token.</summary>
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Writes <paramref name="token"/> to <paramref name="path"/> with mode 0600 (set before the token is written, so
    /// it is never readable by others, also when the file existed with a wider mode); a missing folder is created 0700.
    /// </summary>
    public static void WriteFile(string path, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (File.Exists(full))
            {
                File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        using var stream = new FileStream(full, options);
        stream.Write(Encoding.ASCII.GetBytes(token + "\n"));
    }

    /// <summary>Whether an <c>Authorization</c> header value is <c>Bearer &lt;token&gt;</c>, compared in constant time.</summary>
    public static bool Matches(string? authorization, string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(token));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
