namespace MedVision.Data;

/// <summary>ROI extraction from full MIAS mammograms (seeds/002).</summary>
public sealed record MiasOptions
{
    /// <summary>Side of the square ROI in pixels (seeds/002: 120, covering radius 60).</summary>
    public int RoiSize { get; init; } = 120;

    /// <summary>Random ROIs per normal mammogram, centred inside the breast mask (seeds/002: one).</summary>
    public int NormalRois { get; init; } = 1;

    /// <summary>Class names: <c>normal-tumor</c> (Normal / Tumor, seeds/002) or <c>severity</c> (Normal / Benign / Malignant).</summary>
    public string Labels { get; init; } = "normal-tumor";

    /// <summary>
    /// Group by patient instead of by mammogram: MIAS lists films in pairs, the left (even number) and right (odd
    /// number) breast of one patient, so mdb001 and mdb002 form the group <c>mdb001-mdb002</c>.
    /// </summary>
    public bool GroupByPatient { get; init; }

    /// <summary>Require the whole normal ROI (not only its centre) to lie inside the breast mask.</summary>
    public bool WholeRoiInBreast { get; init; }
}
