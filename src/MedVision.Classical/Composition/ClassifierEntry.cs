namespace MedVision.Classical.Composition;

/// <summary>One row of <see cref="ClassifierTable"/>: a short name, what it is, and a factory of the configured estimator.</summary>
public sealed record ClassifierEntry(string Name, string Description, Func<IClassifier> Create);
