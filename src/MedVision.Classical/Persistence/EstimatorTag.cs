using System.Text.Json.Nodes;

namespace MedVision.Classical.Persistence;

/// <summary>
/// One row of <see cref="EstimatorState.Classifiers"/> or <see cref="EstimatorState.Transformers"/>: the <c>type</c>
/// tag a fitted estimator is saved under, its .NET type, and how its state is written and read.
/// </summary>
public sealed record EstimatorTag<T>(string Tag, Type Type, Func<T, JsonObject> Write, Func<StateReader, T> Read)
    where T : class;
