namespace MedVision.Imaging;

/// <summary>Which pixels of a random patch must lie inside the mask (<see cref="RandomPatches"/>).</summary>
public enum PatchContainment
{
    /// <summary>The centre pixel (<see cref="PatchRegion.CenterY"/>, <see cref="PatchRegion.CenterX"/>) is in the mask; the patch lies inside the image.</summary>
    Center,

    /// <summary>Every pixel of the patch is in the mask.</summary>
    Whole,
}
