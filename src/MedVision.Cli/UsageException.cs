namespace MedVision.Cli;

/// <summary>
/// A command-line value that parsed but makes no sense ("--folds must be ≥ 2, got 1");
/// reported like a parse error, with exit code <see cref="ExitCodes.Usage"/>.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
