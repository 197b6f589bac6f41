namespace MedVision.Imaging.Preprocessing;

/// <summary>
/// A preprocessing chain written as text, e.g. <c>median:3,clahe:clip=0.01,resize:120x120</c> (seeds/002:
/// median filter → CLAHE → 120×120). Steps are separated by commas; a step is <c>name</c>, <c>name:value</c> or
/// <c>name:key=value</c>, and further <c>key=value</c> items after a comma belong to the step before them
/// (<c>clahe:clip=0.02,kernel=8</c>). Names and parameters are those of <see cref="PreprocessStepTable"/>; any
/// error names the step's position and name.
/// </summary>
public sealed class PreprocessChain
{
    private PreprocessChain(IReadOnlyList<PreprocessStep> steps) => Steps = steps;

    /// <summary>The parsed steps, in order.</summary>
    public IReadOnlyList<PreprocessStep> Steps { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="PreprocessChainException"/> naming the bad step or parameter.</summary>
    public static PreprocessChain Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (text.Trim().Length == 0)
        {
            throw new PreprocessChainException("the chain is empty; write steps such as 'median:3,clahe:clip=0.01,resize:120x120'");
        }

        var groups = new List<(string Head, List<string> Tail)>();
        foreach (var item in items)
        {
            if (item.Length == 0)
            {
                throw new PreprocessChainException($"empty step after step {groups.Count} in '{text}'");
            }

            var colon = item.IndexOf(':', StringComparison.Ordinal);
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var continuation = equals >= 0 && (colon < 0 || equals < colon);
            if (continuation)
            {
                if (groups.Count == 0)
                {
                    throw new PreprocessChainException($"'{item}' must follow a step name, e.g. 'clahe:{item}'");
                }

                groups[^1].Tail.Add(item);
            }
            else
            {
                groups.Add((item, []));
            }
        }

        var steps = new List<PreprocessStep>();
        for (var i = 0; i < groups.Count; i++)
        {
            steps.Add(ParseStep(i + 1, groups[i].Head, groups[i].Tail));
        }

        return new PreprocessChain(steps);
    }

    /// <summary>Runs every step in order on <paramref name="image"/>.</summary>
    public Image Apply(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        foreach (var step in Steps)
        {
            image = step.Apply(image);
        }

        return image;
    }

    /// <summary>The chain as text, one step after the other.</summary>
    public override string ToString() => string.Join(",", Steps.Select(s => s.Text));

    private static PreprocessStep ParseStep(int position, string head, List<string> tail)
    {
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? head : head[..colon]).Trim().ToLowerInvariant();
        var definition = PreprocessStepTable.Find(name)
            ?? throw new PreprocessChainException(
                $"step {position} '{name}' is not a known step (known: {string.Join(", ", PreprocessStepTable.All.Select(d => d.Name))})");
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        string? positional = null;
        var parts = new List<string>(tail);
        if (colon >= 0)
        {
            var value = head[(colon + 1)..].Trim();
            if (value.Contains('=', StringComparison.Ordinal))
            {
                parts.Insert(0, value);
            }
            else if (value.Length > 0)
            {
                positional = value;
            }
        }

        foreach (var part in parts)
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = part[..eq].Trim().ToLowerInvariant();
            var value = part[(eq + 1)..].Trim();
            if (key.Length == 0 || value.Length == 0)
            {
                throw new PreprocessChainException($"step {position} '{name}': '{part}' must be key=value");
            }

            if (!named.TryAdd(key, value))
            {
                throw new PreprocessChainException($"step {position} '{name}': parameter '{key}' is given twice");
            }
        }

        var arguments = new StepArguments(position, name, positional, named);
        var apply = definition.Create(arguments);
        arguments.CheckAllUsed(definition.PositionalKey);
        var text = string.Join(",", new[] { head }.Concat(tail));
        return new PreprocessStep(text, apply);
    }
}
