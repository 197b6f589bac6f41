namespace MedVision.Classical.Composition;

/// <summary>
/// One row of <see cref="ClassifierTable"/>: a short name, what it is, and a factory of the configured estimator that
/// reads hyperparameters by their scikit-learn names.
/// </summary>
public sealed record ClassifierEntry(string Name, string Description, Func<ClassifierParameters, IClassifier> Build)
{
    /// <summary>
    /// A new estimator with the table's settings, overridden by <paramref name="parameters"/> (scikit-learn names, text
    /// values); throws <see cref="ArgumentException"/> naming a parameter that is unknown or malformed.
    /// </summary>
    public IClassifier Create(IReadOnlyDictionary<string, string>? parameters = null)
    {
        var reader = new ClassifierParameters(parameters);
        var classifier = Build(reader);
        reader.ThrowOnUnknown(Name);
        return classifier;
    }
}
