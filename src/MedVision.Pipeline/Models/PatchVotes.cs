using MedVision.Evaluation;
using MedVision.Nn.Patches;

namespace MedVision.Pipeline.Models;

/// <summary>
/// The patch network's vote (<see cref="PatchVote"/>, in Nn) as the evaluation's aggregation method
/// (<see cref="AggregationMethod"/>) and back: the same three rules, named once on each side of the layer boundary.
/// </summary>
public static class PatchVotes
{
    /// <summary>The aggregation method that combines patch probabilities as <paramref name="vote"/> does.</summary>
    public static AggregationMethod ToAggregation(PatchVote vote) => vote switch
    {
        PatchVote.MajorityVote => AggregationMethod.MajorityVote,
        PatchVote.Mean => AggregationMethod.Mean,
        PatchVote.Max => AggregationMethod.Max,
        _ => throw new ArgumentOutOfRangeException(nameof(vote), vote, "unknown patch vote"),
    };

    /// <summary>The patch vote of <paramref name="method"/>.</summary>
    public static PatchVote ToPatchVote(AggregationMethod method) => method switch
    {
        AggregationMethod.MajorityVote => PatchVote.MajorityVote,
        AggregationMethod.Mean => PatchVote.Mean,
        AggregationMethod.Max => PatchVote.Max,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "no patch vote combines patches this way"),
    };
}
