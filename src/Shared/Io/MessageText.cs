using System.Globalization;
using System.Text;

namespace MedVision.Io;

/// <summary>
/// Makes file-derived text safe to show in an error message: control characters (and the Unicode line and
/// paragraph separators and bidirectional overrides) are written as escapes (<c>\n</c>, <c>\x1B</c>, <c>\u2028</c>) so a hostile file cannot
/// move a terminal's cursor, forge log lines or hide text; the result is capped at a length with "…".
/// </summary>
internal static class MessageText
{
    /// <summary>Default cap for one quoted fragment (a header value, an entry name).</summary>
    public const int FragmentLength = 80;

    /// <summary>Default cap for a whole message.</summary>
    public const int MessageLength = 2000;

    /// <summary><paramref name="text"/> with control characters escaped, at most <paramref name="max"/> characters of it kept.</summary>
    public static string Sanitise(string? text, int max = FragmentLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.Length <= max && !text.Any(NeedsEscape))
        {
            return text;
        }

        var sb = new StringBuilder(Math.Min(text.Length, max) + 8);
        var kept = 0;
        foreach (var c in text)
        {
            if (kept++ >= max)
            {
                sb.Append('…');
                break;
            }

            if (!NeedsEscape(c))
            {
                sb.Append(c);
                continue;
            }

            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                < '\u0100' => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }

        return sb.ToString();
    }

    // Line and paragraph separators and the bidirectional overrides can disguise a message as much as C0 controls.
    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
