namespace MedVision.Imaging.Preprocessing;

/// <summary>
/// A row of <see cref="PreprocessStepTable"/>: the step name, the key its positional value stands for
/// (empty when it takes none), a usage line and the factory that turns arguments into an operation.
/// </summary>
public sealed record StepDefinition(string Name, string PositionalKey, string Usage, string Description, Func<StepArguments, Func<Image, Image>> Create);
