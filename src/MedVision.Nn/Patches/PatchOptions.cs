namespace MedVision.Nn.Patches;

/// <summary>
/// Patch training and per-image voting (seeds/002): the network sees square patches cut at random from each image
/// instead of the whole image, and an image's score combines the predictions of a fixed, seeded set of its patches.
/// </summary>
public sealed record PatchOptions
{
    /// <summary>Side of the square patches in pixels (seeds/002: 72 out of 120×120 ROIs).</summary>
    public int Size { get; init; } = 72;

    /// <summary>Patches that score one image at validation and test time (seeds/002: 25).</summary>
    public int TestPatches { get; init; } = 25;

    /// <summary>Fresh random patches drawn from each training image every epoch.</summary>
    public int TrainPatches { get; init; } = 1;

    /// <summary>
    /// Draw more patches from images of the smaller classes, so that every class gives about as many training patches
    /// per epoch as the largest: an image of class c gives round(<see cref="TrainPatches"/> · n_max / n_c) patches.
    /// seeds/002 balanced its classes this way (500 patches per normal ROI, 2,000 per abnormal ROI).
    /// </summary>
    public bool BalanceClasses { get; init; }

    /// <summary>
    /// How the patch probabilities of one image are combined: <see cref="PatchVote.MajorityVote"/> (seeds/002),
    /// <see cref="PatchVote.Mean"/> or <see cref="PatchVote.Max"/>.
    /// </summary>
    public PatchVote Vote { get; init; } = PatchVote.MajorityVote;

    /// <summary>
    /// Score every evaluation patch by the mean probability of its eight flips and quarter turns (test-time
    /// augmentation matching the <c>dihedral</c> training preset) before the vote; square patches only.
    /// </summary>
    public bool DihedralTestAugment { get; init; }

    /// <summary>The names of the votes in experiment configs and model bundles: <c>majority</c>, <c>mean</c>, <c>max</c>.</summary>
    public static IReadOnlyDictionary<string, PatchVote> VoteNames { get; } = new Dictionary<string, PatchVote>
    {
        ["majority"] = PatchVote.MajorityVote,
        ["mean"] = PatchVote.Mean,
        ["max"] = PatchVote.Max,
    };

    /// <summary>The name of <see cref="Vote"/> in <see cref="VoteNames"/>.</summary>
    public string VoteName => VoteNames.First(v => v.Value == Vote).Key;

    /// <summary>Seed of the test patch positions and of the training patch draws.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Size, 1, nameof(Size));
        ArgumentOutOfRangeException.ThrowIfLessThan(TestPatches, 1, nameof(TestPatches));
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainPatches, 1, nameof(TrainPatches));
        if (!Enum.IsDefined(Vote))
        {
            throw new ArgumentOutOfRangeException(nameof(Vote), Vote, "unknown vote");
        }
    }
}
