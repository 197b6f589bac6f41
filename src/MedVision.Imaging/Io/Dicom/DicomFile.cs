namespace MedVision.Imaging.Io.Dicom;

/// <summary>
/// A parsed DICOM file: the file meta group (<see cref="Meta"/>, empty for headerless files), the data set, and
/// the transfer syntax it was encoded in. Attributes are read by keyword (<c>file.Dataset.GetNumber("Rows")</c>);
/// <see cref="PixelArray()"/> decodes the stored pixel values. <see cref="ToString"/> never prints identifying
/// attributes (<see cref="DicomRedaction"/>); <see cref="Summary"/> does only when asked.
/// </summary>
public sealed class DicomFile
{
    internal DicomFile(string name, bool hasPreamble, DicomDataset meta, DicomDataset dataset, DicomTransferSyntax transferSyntax, ReadOptions options)
    {
        Name = name;
        HasPreamble = hasPreamble;
        Meta = meta;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        Options = options;
    }

    /// <summary>The path (or name) used in error messages.</summary>
    public string Name { get; }

    /// <summary>True for PS3.10 files (128-byte preamble and "DICM").</summary>
    public bool HasPreamble { get; }

    /// <summary>Group 0002, empty for headerless data sets.</summary>
    public DicomDataset Meta { get; }

    /// <summary>The data set after the meta group.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>From the meta group, or guessed from the first element of a headerless data set.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    internal ReadOptions Options { get; }

    /// <summary>Reads and parses <paramref name="path"/> with the default budgets.</summary>
    public static DicomFile Read(string path) => Read(path, ReadOptions.Default);

    /// <summary>Reads and parses <paramref name="path"/>; pixel data is decoded later, by <see cref="PixelArray()"/>.</summary>
    public static DicomFile Read(string path, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DicomParser.ParseFile(options.ReadFile(path), path, options);
    }

    /// <summary>Parses a file held in memory; <paramref name="name"/> appears in error messages.</summary>
    public static DicomFile Parse(ReadOnlySpan<byte> bytes, string name = "DICOM data", ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        options.CheckBytes(name, "data size", bytes.Length);
        return DicomParser.ParseFile(bytes.ToArray(), name, options);
    }

    /// <summary>The stored pixel values, masked to BitsStored (see <see cref="DicomPixelOptions"/>).</summary>
    public DicomPixelArray PixelArray() => PixelArray(new DicomPixelOptions());

    /// <summary>The stored pixel values.</summary>
    public DicomPixelArray PixelArray(DicomPixelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DicomPixelDecoder.Decode(this, options);
    }

    /// <summary>Meta group and data set, one element a line, identifying values shown only when <paramref name="includeIdentifying"/>.</summary>
    public string Summary(bool includeIdentifying = false) =>
        $"{Name}: {TransferSyntax}\n{Meta.Summary(includeIdentifying)}{Dataset.Summary(includeIdentifying)}";

    /// <summary>The redacted <see cref="Summary"/>.</summary>
    public override string ToString() => Summary();
}
