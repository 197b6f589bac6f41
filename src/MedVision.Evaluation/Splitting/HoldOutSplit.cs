namespace MedVision.Evaluation;

/// <summary>
/// One seeded train/validation split with about <paramref name="validationFraction"/> of the cases in
/// validation (one <see cref="Fold"/>: Train, Test = validation). Units are cases, or whole groups when groups
/// are given. With <paramref name="stratify"/> (default) the units of each class — a group's class is its most
/// frequent label — are shuffled and taken into validation until the class's validation count reaches
/// round(fraction × class count); so without groups each class contributes exactly that many cases.
/// </summary>
public sealed class HoldOutSplit(double validationFraction = 0.2, bool stratify = true, ulong seed = 0) : ISplitter
{
    /// <inheritdoc />
    public IReadOnlyList<Fold> Split(ReadOnlySpan<int> labels, IReadOnlyList<string>? groups = null)
    {
        Check.Fraction(validationFraction, nameof(validationFraction));
        int[] unitOf;
        int units;
        if (groups is null)
        {
            unitOf = Enumerable.Range(0, labels.Length).ToArray();
            units = labels.Length;
        }
        else
        {
            (var names, unitOf) = SplitHelpers.UniqueGroups(groups, labels.Length, nameof(HoldOutSplit));
            units = names.Length;
        }

        var members = new List<int>[units];
        for (var u = 0; u < units; u++)
        {
            members[u] = [];
        }

        for (var i = 0; i < labels.Length; i++)
        {
            members[unitOf[i]].Add(i);
        }

        var y = labels.ToArray();
        var unitClass = members.Select(m => stratify ? m.GroupBy(i => y[i]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key : 0).ToArray();
        var rng = new Rng(seed);
        var inValidation = new bool[labels.Length];
        foreach (var stratum in unitClass.Distinct().Order())
        {
            var stratumUnits = Enumerable.Range(0, units).Where(u => unitClass[u] == stratum).ToArray();
            rng.Shuffle(stratumUnits.AsSpan());
            var total = stratumUnits.Sum(u => members[u].Count);
            var target = (int)Math.Round(validationFraction * total, MidpointRounding.AwayFromZero);
            var taken = 0;
            foreach (var u in stratumUnits)
            {
                if (taken >= target)
                {
                    break;
                }

                foreach (var i in members[u])
                {
                    inValidation[i] = true;
                }

                taken += members[u].Count;
            }
        }

        var test = Enumerable.Range(0, labels.Length).Where(i => inValidation[i]).ToArray();
        var train = Enumerable.Range(0, labels.Length).Where(i => !inValidation[i]).ToArray();
        return [new Fold(0, train, test)];
    }
}
