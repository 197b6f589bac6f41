using System.Globalization;

namespace MedVision.Imaging.Preprocessing;

/// <summary>
/// The arguments of one chain step, <c>name[:positional][,key=value…]</c>, with typed getters whose errors
/// name the step and the parameter. Parameters not read by the factory are reported as unknown.
/// </summary>
public sealed class StepArguments
{
    private readonly Dictionary<string, string> _named;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    internal StepArguments(int position, string name, string? positional, Dictionary<string, string> named)
    {
        Position = position;
        Name = name;
        Positional = positional;
        _named = named;
    }

    /// <summary>1-based position of the step in the chain.</summary>
    public int Position { get; }

    public string Name { get; }

    /// <summary>The text after <c>name:</c> when it is not <c>key=value</c>, e.g. <c>3</c> in <c>median:3</c>.</summary>
    public string? Positional { get; }

    /// <summary>A named or positional text value, or null when absent.</summary>
    public string? Text(string key, bool positional = false)
    {
        _read.Add(key);
        if (_named.TryGetValue(key, out var value))
        {
            return value;
        }

        return positional ? Positional : null;
    }

    public double Double(string key, double fallback, bool positional = false)
    {
        var text = Text(key, positional);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error($"parameter '{key}' must be a number, got '{text}'");
    }

    public int Int(string key, int fallback, bool positional = false)
    {
        var text = Text(key, positional);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"parameter '{key}' must be an integer, got '{text}'");
    }

    public bool Bool(string key, bool fallback)
    {
        var text = Text(key);
        return text switch
        {
            null => fallback,
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw Error($"parameter '{key}' must be true or false, got '{text}'"),
        };
    }

    /// <summary>A pair written <c>AxB</c> (or <c>A-B</c>, <c>A/B</c> with <paramref name="separators"/>); a single number gives (n, n) when <paramref name="allowSingle"/>.</summary>
    public (double A, double B)? Pair(string key, string separators, bool positional = false, bool allowSingle = false)
    {
        var text = Text(key, positional);
        if (text is null)
        {
            return null;
        }

        // A leading minus belongs to the first number, so split after the first character.
        var cut = text.IndexOfAny(separators.ToCharArray(), 1);
        if (cut < 0)
        {
            if (allowSingle && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var single))
            {
                return (single, single);
            }

            throw Error($"parameter '{key}' must be written A{separators[0]}B, got '{text}'");
        }

        if (double.TryParse(text[..cut], NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(text[(cut + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
        {
            return (a, b);
        }

        throw Error($"parameter '{key}' must be written A{separators[0]}B with numbers, got '{text}'");
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public T Choice<T>(string key, IReadOnlyDictionary<string, T> choices, T fallback)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        return choices.TryGetValue(text.ToLowerInvariant(), out var value)
            ? value
            : throw Error($"parameter '{key}' must be one of {string.Join(", ", choices.Keys)}, got '{text}'");
    }

    /// <summary>An error that names this step.</summary>
    public PreprocessChainException Error(string message) =>
        new($"step {Position} '{Name}': {message}");

    /// <summary>Fails on parameters the factory never asked for, and on a positional value it did not take.</summary>
    internal void CheckAllUsed(string positionalKey)
    {
        var unknown = _named.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            var known = _read.Count > 0 ? string.Join(", ", _read.OrderBy(k => k, StringComparer.Ordinal)) : "none";
            throw Error($"unknown parameter '{unknown[0]}' (known: {known})");
        }

        if (Positional is not null && positionalKey.Length == 0)
        {
            throw Error($"takes no value, got '{Positional}'");
        }
    }
}
