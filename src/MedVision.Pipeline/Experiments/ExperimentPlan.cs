using MedVision.Data;
using MedVision.Evaluation;
using MedVision.Pipeline.Models;

namespace MedVision.Pipeline.Experiments;

/// <summary>
/// The folds of an experiment: which images train, validate and test each model. Built once, before any model,
/// so every model sees the same cases (a requirement of the paired comparisons).
/// </summary>
public sealed record ExperimentPlan(IReadOnlyList<FoldData> Folds, string Description)
{
    /// <summary>The protocol the folds follow (<c>kfold</c>, <c>fixed</c>, <c>holdout</c>, <c>external</c>) after <c>auto</c> is resolved.</summary>
    public string Kind { get; init; } = "";

    /// <summary>Why that protocol was chosen (see <see cref="ProtocolChoice"/>).</summary>
    public string Reason { get; init; } = "";

    /// <summary>
    /// Folds for <paramref name="protocol"/> (<c>auto</c> resolved by <see cref="ProtocolChoice"/>) over <paramref name="dataset"/>, with <paramref name="groups"/> (one per
    /// sample, possibly merged by the leakage audit) kept together whenever <c>Grouped</c> is set.
    /// </summary>
    public static ExperimentPlan Create(Dataset dataset, IReadOnlyList<string> groups, ProtocolConfig protocol, int seed)
    {
        var choice = ProtocolChoice.Resolve(dataset, protocol);
        protocol = protocol with { Kind = choice.Kind };
        var labels = dataset.Samples.Select(s => s.Label).ToArray();
        var splitGroups = protocol.Grouped ? groups : null;
        var folds = new List<FoldData>();
        string description;
        switch (protocol.Kind)
        {
            case "kfold":
                {
                    if (protocol.Grouped && groups.Distinct().Count() is var groupCount && groupCount < protocol.Folds)
                    {
                        throw new ExperimentConfigException(
                            $"protocol.folds is {protocol.Folds}, but {dataset.Root} has only {groupCount} group(s) after merging duplicates; a grouped split keeps each group in one fold, " +
                            $"so {protocol.Folds - groupCount} fold(s) would have no test images. Use --folds {Math.Max(2, groupCount)} or fewer, a group pattern that tells the sources apart, " +
                            "or --grouped false if the images are independent");
                    }

                    ISplitter splitter = protocol.Grouped
                        ? new StratifiedGroupKFold(protocol.Folds, shuffle: true, seed: (ulong)seed)
                        : new StratifiedKFold(protocol.Folds, shuffle: true, seed: (ulong)seed);
                    foreach (var fold in splitter.Split(labels, splitGroups))
                    {
                        if (fold.Test.Length == 0)
                        {
                            throw new ExperimentConfigException(
                                $"fold {fold.Index + 1} of {protocol.Folds} has no test images: the {labels.Length} images (in {groups.Distinct().Count()} groups) cannot fill {protocol.Folds} folds; use fewer folds");
                        }

                        if (fold.Train.Select(i => labels[i]).Distinct().Count() < 2)
                        {
                            throw new ExperimentConfigException(
                                $"fold {fold.Index + 1} of {protocol.Folds} would train on one class only: its training groups hold no image of any other class " +
                                $"({groups.Distinct().Count()} groups in all, {(protocol.Grouped ? "kept whole" : "independent")}); use fewer folds or a group pattern that tells the sources apart");
                        }

                        var (train, validation) = Carve(fold.Train, labels, groups, protocol, seed + fold.Index + 1);
                        folds.Add(new FoldData(fold.Index, train, validation, fold.Test, seed + fold.Index));
                    }

                    description = protocol.Grouped
                        ? $"stratified group {protocol.Folds}-fold cross-validation (no group in two folds), {protocol.ValidationFraction:P0} of each training part held out for validation"
                        : $"stratified {protocol.Folds}-fold cross-validation of independent samples (groups may span folds), {protocol.ValidationFraction:P0} of each training part held out for validation";
                    break;
                }

            case "fixed":
                {
                    var test = Indices(dataset, "test");
                    var train = Indices(dataset, "train");
                    var validation = Indices(dataset, "val");
                    if (test.Length == 0 || train.Length == 0)
                    {
                        throw new ExperimentConfigException(
                            $"protocol.kind fixed needs train and test folders; {dataset.Root} has {train.Length} training and {test.Length} test images");
                    }

                    if (validation.Length == 0)
                    {
                        (train, validation) = Carve(train, labels, groups, protocol, seed + 1);
                    }

                    folds.Add(new FoldData(0, train, validation, test, seed));
                    description = "the data set's fixed train / validation / test split";
                    break;
                }

            default:
                {
                    var all = Enumerable.Range(0, labels.Length).ToArray();
                    var outer = new HoldOutSplit(protocol.ValidationFraction, stratify: true, seed: (ulong)seed).Split(labels, splitGroups)[0];
                    var (train, validation) = Carve(outer.Train, labels, groups, protocol, seed + 1);
                    folds.Add(new FoldData(0, train, validation, outer.Test, seed));
                    description = $"stratified{(protocol.Grouped ? " grouped" : "")} hold-out: {protocol.ValidationFraction:P0} of {all.Length} images for testing";
                    break;
                }
        }

        return new ExperimentPlan(folds, description) { Kind = choice.Kind, Reason = choice.Reason };
    }

    /// <summary>Splits a training part into training and validation indices (stratified, grouped when asked).</summary>
    internal static (int[] Train, int[] Validation) Carve(int[] part, int[] labels, IReadOnlyList<string> groups, ProtocolConfig protocol, int seed)
    {
        var partLabels = part.Select(i => labels[i]).ToArray();
        var partGroups = protocol.Grouped ? part.Select(i => groups[i]).ToList() : null;
        var inner = new HoldOutSplit(protocol.ValidationFraction, stratify: true, seed: (ulong)seed).Split(partLabels, partGroups)[0];
        return ([.. inner.Train.Select(i => part[i])], [.. inner.Test.Select(i => part[i])]);
    }

    private static int[] Indices(Dataset dataset, string split) =>
        [.. Enumerable.Range(0, dataset.Samples.Count).Where(i => dataset.Samples[i].Split == split)];
}
