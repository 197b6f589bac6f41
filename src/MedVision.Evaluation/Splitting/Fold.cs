namespace MedVision.Evaluation;

/// <summary>One train/test split: sorted case indices. <see cref="Repeat"/> numbers the repetition of repeated splitters (0 otherwise).</summary>
public sealed record Fold(int Index, int[] Train, int[] Test)
{
    /// <summary>Repetition this fold belongs to (repeated splitters), 0 otherwise.</summary>
    public int Repeat { get; init; }
}
