namespace MedVision.Nn;

/// <summary>
/// What <see cref="Module.LoadStateDict(Weights.WeightDict, bool)"/> could not match (PyTorch's
/// <c>_IncompatibleKeys</c>): keys the module expects but the weights lack, and keys the weights hold that
/// the module does not know.
/// </summary>
public sealed record LoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
