namespace MedVision.Pipeline.Data;

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

    /// <summary>File extensions read as images (lower case, with the dot).</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [".png", ".pgm", ".ppm", ".pnm", ".jpg", ".jpeg", ".dcm", ".npy", ".mha", ".mhd"];
}
