using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// Unique identifiers (PS3.5 §9): the <c>2.25.</c> root followed by a UUID written as one unsigned decimal integer
/// (PS3.5 §B.2, ITU-T X.667), so no registered organisation root is needed.
/// </summary>
public static class DicomUid
{
    /// <summary>MedVision's implementation class UID, written to every file meta group (0002,0012).</summary>
    public const string ImplementationClass = "2.25.230545834595968539598501576533486046433";

    /// <summary>Implementation version name (0002,0013), at most 16 characters.</summary>
    public const string ImplementationVersion = "MEDVISION_0_1";

    /// <summary>A new UID from a random (version 4) UUID.</summary>
    public static string New() => FromUuid(Guid.NewGuid());

    /// <summary>
    /// The same UID for the same <paramref name="name"/>: the first 128 bits of SHA-256 of the UTF-8 name, marked as an
    /// RFC 9562 version 8 (name-derived) UUID. Used where writing the same result twice must give the same instance.
    /// </summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return "2.25." + new BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The <c>2.25.</c> UID of <paramref name="uuid"/>.</summary>
    public static string FromUuid(Guid uuid) =>
        "2.25." + new BigInteger(uuid.ToByteArray(bigEndian: true), isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// True when <paramref name="uid"/> is a valid UID: 1–64 characters, components of digits separated by single dots,
    /// no component with a leading zero (other than "0" itself).
    /// </summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
        {
            return false;
        }

        foreach (var part in uid.Split('.'))
        {
            if (part.Length == 0 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return true;
    }
}
