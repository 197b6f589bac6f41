using MedVision.Data;


namespace MedVision.Pipeline.Experiments;

/// <summary>
/// The positive class of a binary study (<c>positive_class</c> / <c>--positive-class</c>). Labels are class indices,
/// and every binary score, metric, threshold and curve refers to label 1, by default the second class in sort order;
/// naming the first class instead swaps the two, so that it becomes label 1.
/// </summary>
public static class PositiveClass
{
    /// <summary>
    /// <paramref name="dataset"/> with <paramref name="positive"/> as label 1 (class order and every label swapped when it
    /// was label 0); unchanged when <paramref name="positive"/> is null or already label 1.
    /// </summary>
    /// <exception cref="ExperimentConfigException">The data has other than two classes, or none is called <paramref name="positive"/>.</exception>
    public static Dataset Apply(Dataset dataset, string? positive)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (positive is null)
        {
            return dataset;
        }

        var classes = dataset.ClassNames;
        if (classes.Count != 2)
        {
            throw new ExperimentConfigException(
                $"positive_class '{positive}' needs two classes; {dataset.Root} has {classes.Count} ({string.Join(", ", classes)}), evaluated one against the rest per class");
        }

        var index = classes.ToList().IndexOf(positive);
        if (index < 0)
        {
            throw new ExperimentConfigException($"positive_class '{positive}' is not a class of {dataset.Root}; its classes are {string.Join(" and ", classes)}");
        }

        return index == 1 ? dataset : dataset with
        {
            ClassNames = [classes[1], classes[0]],
            Samples = [.. dataset.Samples.Select(s => s with { Label = 1 - s.Label })],
        };
    }
}
