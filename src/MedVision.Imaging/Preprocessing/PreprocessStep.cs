namespace MedVision.Imaging.Preprocessing;

/// <summary>One parsed step of a <see cref="PreprocessChain"/>: its text as written and the operation it performs.</summary>
public sealed record PreprocessStep(string Text, Func<Image, Image> Apply)
{
    public override string ToString() => Text;
}
