using System.Globalization;
using MedVision.Data;

namespace MedVision.Pipeline.Experiments;

/// <summary>
/// The protocol an experiment runs and why. <c>auto</c> (the default kind) resolves to <c>fixed</c> when every sample
/// carries a split (split folders, an <c>.npz</c>'s <c>train_/val_/test_</c> arrays, a manifest's <c>split</c> column)
/// with at least a train and a test part, as a published benchmark split is meant to be used; otherwise to
/// <c>kfold</c>. An explicit kind is kept as it is.
/// </summary>
/// <param name="Kind"><c>kfold</c>, <c>fixed</c> or <c>holdout</c>.</param>
/// <param name="Reason">Why: the split sizes, what the data lacks for a fixed split, or that the config set the kind.</param>
public sealed record ProtocolChoice(string Kind, string Reason)
{
    /// <summary>Resolves <paramref name="protocol"/>'s kind over <paramref name="dataset"/>'s samples.</summary>
    public static ProtocolChoice Resolve(Dataset dataset, ProtocolConfig protocol)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(protocol);
        if (protocol.Kind != "auto")
        {
            return new ProtocolChoice(protocol.Kind, "set by protocol.kind or --protocol");
        }

        var counts = dataset.Samples.GroupBy(s => s.Split ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int Count(string split) => counts.GetValueOrDefault(split);
        var missing = Count("");
        if (missing == dataset.Samples.Count)
        {
            return new ProtocolChoice("kfold", "the data set has no train/val/test split");
        }

        if (missing > 0)
        {
            return new ProtocolChoice("kfold", $"{missing} of {dataset.Samples.Count} images have no train/val/test split");
        }

        if (Count("test") == 0 || Count("train") == 0)
        {
            return new ProtocolChoice("kfold", $"the data set has no {(Count("test") == 0 ? "test" : "train")} split");
        }

        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        return Count("val") > 0
            ? new ProtocolChoice("fixed", $"the data set's own train/val/test split: {N(Count("train"))}/{N(Count("val"))}/{N(Count("test"))} images")
            : new ProtocolChoice("fixed", $"the data set's own train/test split: {N(Count("train"))}/{N(Count("test"))} images; validation carved from train");
    }

    /// <summary>The protocol in words for the log: <c>fixed</c>, <c>5-fold grouped cross-validation</c>, <c>grouped hold-out</c>.</summary>
    public string Title(ProtocolConfig protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var grouped = protocol.Grouped ? "grouped " : "";
        return Kind switch
        {
            "kfold" => $"{protocol.Folds.ToString(CultureInfo.InvariantCulture)}-fold {grouped}cross-validation",
            "holdout" => $"{grouped}hold-out",
            _ => Kind,
        };
    }
}
