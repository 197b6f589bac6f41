namespace MedVision.Imaging.Preprocessing;

/// <summary>
/// Options of <see cref="ArtifactRemoval"/>: radius of the disk used for the opening (default 5 pixels),
/// connectivity of the component search (default 2, 8-neighbours), whether holes of the kept region are
/// filled (default true, so dark structures inside the breast are kept) and the Otsu bins (default 256).
/// </summary>
public sealed record ArtifactRemovalOptions
{
    public int OpeningRadius { get; init; } = 5;

    public int Connectivity { get; init; } = 2;

    public bool FillHoles { get; init; } = true;

    public int Bins { get; init; } = 256;
}
