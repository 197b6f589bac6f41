using MedVision.Data;
using MedVision.Evaluation;
using MedVision.Pipeline.Results;

namespace MedVision.Pipeline.Experiments;

/// <summary>
/// Everything a finished experiment produced, for the writers: the results record and what it was computed from, and
/// the model bundles to save (none when the config says <c>bundle: none</c>).
/// </summary>
public sealed record ExperimentOutcome(
    ExperimentConfig Config,
    ImageStore Store,
    IReadOnlyList<string> Groups,
    ExperimentPlan Plan,
    LeakageReport Leakage,
    ExperimentResults Results,
    IReadOnlyList<ModelRun> Runs,
    IReadOnlyList<Bundles.ModelBundle>? Bundles = null);

/// <summary>
/// One model's raw outputs: the evaluated sample indices and their scores, per fold and pooled; <paramref name="Scores"/>
/// holds <see cref="Columns"/> values per evaluated sample (<see cref="Models.ScoreColumns"/>).
/// </summary>
public sealed record ModelRun(string Name, string Kind, int[] Evaluated, double[] Scores, int[] FoldOf, IReadOnlyList<Models.FoldRun> Folds)
{
    /// <summary>Scores per sample: 1 (binary, the positive class's probability) or K (class probabilities).</summary>
    public int Columns { get; init; } = 1;
}
