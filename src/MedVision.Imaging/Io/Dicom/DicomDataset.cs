using System.Text;

namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// A DICOM data set (or sequence item): elements in file order, looked up by <see cref="DicomTag"/> or by the
/// standard keyword (<c>ds.GetNumber("RescaleSlope")</c>). Getters return null when an attribute is absent or
/// empty. <see cref="ToString"/> and <see cref="Summary"/> never print identifying values unless asked
/// (<see cref="DicomRedaction"/>).
/// </summary>
public sealed class DicomDataset
{
    private readonly Dictionary<uint, DicomElement> _byTag;

    internal DicomDataset(List<DicomElement> elements)
    {
        Elements = elements;
        _byTag = new Dictionary<uint, DicomElement>(elements.Count);
        foreach (var e in elements)
        {
            _byTag[e.Tag.Value] = e;
        }
    }

    /// <summary>The elements in file order.</summary>
    public IReadOnlyList<DicomElement> Elements { get; }

    /// <summary>The element of <paramref name="tag"/>, or null.</summary>
    public DicomElement? this[DicomTag tag] => _byTag.GetValueOrDefault(tag.Value);

    /// <summary>The element of a keyword ("Rows"), or null when absent; unknown keywords are an <see cref="ArgumentException"/>.</summary>
    public DicomElement? this[string keyword] => this[DicomDictionary.TagOf(keyword)];

    /// <summary>True when the attribute is present (possibly empty).</summary>
    public bool Contains(string keyword) => this[keyword] is not null;

    /// <summary>The text value with trailing padding removed, or null when absent or empty.</summary>
    public string? GetString(string keyword) => this[keyword] is { } e && e.GetString() is { Length: > 0 } s ? s : null;

    /// <summary>All values as numbers (DS/IS text or binary), or null when absent or empty.</summary>
    public double[]? GetNumbers(string keyword) => this[keyword] is { } e && e.GetNumbers() is { Length: > 0 } v ? v : null;

    /// <summary>Value <paramref name="index"/> as a number, or null when absent.</summary>
    public double? GetNumber(string keyword, int index = 0) => GetNumbers(keyword) is { } v && index < v.Length ? v[index] : null;

    /// <summary>The items of a sequence, or an empty list when absent.</summary>
    public IReadOnlyList<DicomDataset> GetItems(string keyword) => this[keyword]?.Items ?? [];

    /// <summary>One line per element (items indented), identifying values redacted unless <paramref name="includeIdentifying"/>.</summary>
    public string Summary(bool includeIdentifying = false)
    {
        var text = new StringBuilder();
        Append(text, 0, includeIdentifying);
        return text.ToString();
    }

    /// <summary>The redacted <see cref="Summary"/>.</summary>
    public override string ToString() => Summary();

    private void Append(StringBuilder text, int depth, bool includeIdentifying)
    {
        foreach (var e in Elements)
        {
            text.Append(' ', 2 * depth).AppendLine(e.Describe(includeIdentifying));
            if (e.Items is null)
            {
                continue;
            }

            for (var i = 0; i < e.Items.Count; i++)
            {
                text.Append(' ', (2 * depth) + 2).AppendLine($"item {i + 1}");
                e.Items[i].Append(text, depth + 2, includeIdentifying);
            }
        }
    }
}
