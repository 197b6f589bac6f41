namespace MedVision.Data;

/// <summary>How <see cref="DatasetDiscovery"/> reads a data set.</summary>
public sealed record DatasetOptions
{
    /// <summary>
    /// Regular expression applied to each file name (without folder); its named group <c>group</c> (or else the
    /// first capture) is the sample's group. Files it does not match form their own group. Null: every file is its
    /// own group (duplicate merging by the leakage audit still applies). For the mammo_micro patches:
    /// <c>^(?&lt;group&gt;.+\.pgm)_\d+\.png$</c>.
    /// </summary>
    public string? GroupPattern { get; init; }

    /// <summary>File extensions read as images (lower case, with the dot); default every extension of <see cref="Imaging.Io.ImageFile.Formats"/>.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [.. Imaging.Io.ImageFile.Formats.SelectMany(f => f.Extensions)];

    /// <summary>
    /// CSV with the header <c>id,group</c> whose rows replace the group of the sample with that id (any layout:
    /// e.g. patients of an <c>.npz</c> data set). An id that no sample has is an error. Null: the layout's own groups.
    /// </summary>
    public string? Groups { get; init; }

    /// <summary>MIAS annotation file (<c>Info.txt</c> format) over the folder's mammograms; null: <c>Info.txt</c> in the folder, if any.</summary>
    public string? Annotations { get; init; }

    /// <summary>Folder searched (recursively) for the <c>&lt;seriesuid&gt;.mhd</c> volumes of a candidates CSV; null: the CSV's folder.</summary>
    public string? Volumes { get; init; }

    /// <summary>Seed of every random choice of discovery (normal ROIs, negative undersampling).</summary>
    public int Seed { get; init; }

    /// <summary>ROI extraction from MIAS mammograms.</summary>
    public MiasOptions Mias { get; init; } = new();

    /// <summary>Patches from LUNA-style candidate lists.</summary>
    public LunaOptions Luna { get; init; } = new();
}
