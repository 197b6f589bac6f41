using System.Globalization;

namespace MedVision.Classical.Composition;

/// <summary>
/// Hyperparameters given by their scikit-learn names (<c>n_estimators</c>, <c>max_depth</c>, <c>C</c>, …) as text, read
/// by a <see cref="ClassifierTable"/> entry. Each entry reads the names it knows; any name left unread is an error that
/// lists the names the classifier accepts, so a typo never passes silently.
/// </summary>
public sealed class ClassifierParameters
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _known = [];

    public ClassifierParameters(IReadOnlyDictionary<string, string>? values) =>
        _values = values ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>An integer parameter, or <paramref name="fallback"/> when not given.</summary>
    public int Int(string name, int fallback) => Read(name, fallback, text =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null, "an integer");

    /// <summary>An integer parameter that may be <c>None</c>/<c>null</c> (unlimited), or <paramref name="fallback"/> when not given.</summary>
    public int? NullableInt(string name, int? fallback)
    {
        Mark(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return text is "None" or "none" or "null" ? null : Int(name, 0);
    }

    /// <summary>A real parameter, or <paramref name="fallback"/> when not given.</summary>
    public double Double(string name, double fallback) => Read(name, fallback, text =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null, "a finite number");

    /// <summary>One of <paramref name="choices"/> (case-sensitive, scikit-learn's spelling), or <paramref name="fallback"/> when not given.</summary>
    public T Choice<T>(string name, T fallback, IReadOnlyDictionary<string, T> choices)
        where T : struct => Read(name, fallback, text => choices.TryGetValue(text, out var v) ? v : null, "one of " + string.Join(", ", choices.Keys));

    /// <summary>Throws when a given name was not read by the classifier (unknown for it), naming the accepted ones.</summary>
    public void ThrowOnUnknown(string classifier)
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            var accepted = _known.Count == 0 ? "none" : string.Join(", ", _known);
            throw new ArgumentException($"classifier {classifier}: unknown parameter {string.Join(", ", unknown)}; it accepts {accepted}");
        }
    }

    private T Read<T>(string name, T fallback, Func<string, T?> parse, string what)
        where T : struct
    {
        Mark(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return parse(text.Trim()) ?? throw new ArgumentException($"parameter {name} must be {what}, got '{text}'");
    }

    private void Mark(string name)
    {
        _read.Add(name);
        if (!_known.Contains(name))
        {
            _known.Add(name);
        }
    }
}
