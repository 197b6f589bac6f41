using System.Globalization;
using System.Text.Json;
using MedVision.Imaging.Io.Dicom;

namespace MedVision.Data.DicomWeb;

/// <summary>
/// One data set of the DICOM JSON model (PS3.18 Annex F) that QIDO-RS and STOW-RS answer with: an object keyed by
/// 8-digit tags, each <c>{"vr": …, "Value": [ … ]}</c>. Read by keyword, as <see cref="DicomDataset"/> is; person
/// names give their Alphabetic group; getters return null when an attribute is absent or has no value.
/// </summary>
public sealed class DicomJsonDataset
{
    private readonly JsonElement _json;

    /// <summary>Wraps a JSON object (cloned, so the document may be disposed).</summary>
    public DicomJsonDataset(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"a DICOM JSON data set is an object, got {json.ValueKind}");
        }

        _json = json.Clone();
    }

    /// <summary>The data sets of a DICOM JSON array (a QIDO-RS answer) or the one data set of an object (a STOW-RS answer); an empty body is no data sets.</summary>
    public static IReadOnlyList<DicomJsonDataset> Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Trim(" \r\n\t"u8).IsEmpty)
        {
            return [];
        }

        using var doc = JsonDocument.Parse(utf8.ToArray());
        return doc.RootElement.ValueKind switch
        {
            JsonValueKind.Array => [.. doc.RootElement.EnumerateArray().Select(e => new DicomJsonDataset(e))],
            JsonValueKind.Object => [new DicomJsonDataset(doc.RootElement)],
            var kind => throw new InvalidDataException($"expected a JSON array or object of DICOM data sets, got {kind}"),
        };
    }

    /// <summary>The values of an attribute as text (numbers in invariant form, PN as Alphabetic), or an empty array.</summary>
    public string[] GetStrings(string keyword) =>
        Attribute(keyword) is { } a && a.TryGetProperty("Value", out var values) && values.ValueKind == JsonValueKind.Array
            ? [.. values.EnumerateArray().Select(Text)]
            : [];

    /// <summary>The first value as text, or null.</summary>
    public string? GetString(string keyword) => GetStrings(keyword) is { Length: > 0 } v && v[0].Length > 0 ? v[0] : null;

    /// <summary>The first value as a number, or null.</summary>
    public double? GetNumber(string keyword) =>
        GetString(keyword) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The items of a sequence attribute, or an empty list.</summary>
    public IReadOnlyList<DicomJsonDataset> GetItems(string keyword) =>
        Attribute(keyword) is { } a && a.TryGetProperty("Value", out var values) && values.ValueKind == JsonValueKind.Array
            ? [.. values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object).Select(v => new DicomJsonDataset(v))]
            : [];

    private JsonElement? Attribute(string keyword)
    {
        var tag = DicomDictionary.TagOf(keyword);
        var key = $"{tag.Group:X4}{tag.Element:X4}";
        return _json.TryGetProperty(key, out var a) || _json.TryGetProperty(key.ToLowerInvariant(), out a) ? a : null;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Object => value.TryGetProperty("Alphabetic", out var name) ? name.GetString() ?? string.Empty : string.Empty,
        _ => string.Empty,
    };
}
