namespace MedVision.Evaluation;

/// <summary>A rule that splits cases into train/test folds from their class labels and, when it needs them, groups.</summary>
public interface ISplitter
{
    /// <summary>
    /// The folds of the cases with class <paramref name="labels"/> (any integers) and optional
    /// <paramref name="groups"/> (patient, source image: cases of one group are never on both sides).
    /// </summary>
    IReadOnlyList<Fold> Split(ReadOnlySpan<int> labels, IReadOnlyList<string>? groups = null);
}
