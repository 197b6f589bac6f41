namespace MedVision.Imaging.Preprocessing;

/// <summary>
/// The artifact (label, wedge) removal of seeds/001: Otsu threshold of the grey image → foreground
/// <c>image &gt; t</c> → binary opening with a disk (detaches thin bridges to labels) → largest connected
/// component (the breast) → optional hole filling → every channel set to 0 outside that region. Each step
/// is the scikit-image/scipy function named in its own type (<see cref="Otsu"/>, <see cref="BinaryMorphology"/>,
/// <see cref="ConnectedComponents"/>).
/// </summary>
public static class ArtifactRemoval
{
    /// <summary>Removes everything outside the largest bright region with the default options.</summary>
    public static ArtifactRemovalResult Apply(Image image) => Apply(image, new ArtifactRemovalOptions());

    /// <summary>Artifact removal with every option.</summary>
    public static ArtifactRemovalResult Apply(Image image, ArtifactRemovalOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        Guard.AtLeast(options.OpeningRadius, 0, nameof(options.OpeningRadius));
        if (image.PlaneSize == 0)
        {
            throw new ArgumentException("image must not be empty", nameof(image));
        }

        var gray = image.ToGray();
        var threshold = Otsu.Threshold(gray, options.Bins);
        var mask = Mask.Above(gray, threshold);
        if (options.OpeningRadius > 0)
        {
            mask = BinaryMorphology.Open(mask, Footprint.Disk(options.OpeningRadius));
        }

        mask = ConnectedComponents.Largest(mask, options.Connectivity);
        if (options.FillHoles)
        {
            mask = ConnectedComponents.FillHoles(mask);
        }

        return new ArtifactRemovalResult(mask.ApplyTo(image), mask, threshold);
    }
}
