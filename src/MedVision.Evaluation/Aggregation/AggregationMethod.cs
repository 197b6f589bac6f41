namespace MedVision.Evaluation;

/// <summary>How the scores of the parts (patches, ROIs) of one unit (ROI, patient) are combined.</summary>
public enum AggregationMethod
{
    /// <summary>
    /// Majority vote of the part decisions <c>score ≥ threshold</c> (seeds/002's mode of 25 patch predictions).
    /// The unit's score is the fraction of positive votes, so a tie (fraction ½) is positive at threshold ½:
    /// ties go to the positive class, the cautious choice for screening. SciPy's <c>mode</c>, used by
    /// seeds/002, sends ties to class 0; with an odd number of parts there are none.
    /// </summary>
    MajorityVote,

    /// <summary>Mean probability of the parts.</summary>
    Mean,

    /// <summary>Maximum probability of the parts (a unit is as suspicious as its most suspicious part).</summary>
    Max,
}
