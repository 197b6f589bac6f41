namespace MedVision.Training;

/// <summary>One choice of a <see cref="NamedTable{T}"/>: the name users write, what it does, and its value.</summary>
public sealed record NamedChoice<T>(string Name, string Description, T Value);

/// <summary>
/// The one table of a training setting chosen by name (<c>optimizer: adam</c>, <c>schedule: onecycle</c>): config
/// parsing, error messages, documentation and the test suites all read the choices from here.
/// </summary>
public sealed class NamedTable<T>
    where T : notnull
{
    private readonly NamedChoice<T>[] _choices;

    /// <param name="setting">The setting's name as users write it (<c>optimizer</c>), for messages.</param>
    /// <param name="choices">The choices in documentation order; names are unique.</param>
    public NamedTable(string setting, IEnumerable<NamedChoice<T>> choices)
    {
        ArgumentException.ThrowIfNullOrEmpty(setting);
        ArgumentNullException.ThrowIfNull(choices);
        Setting = setting;
        _choices = [.. choices];
        var repeated = _choices.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"{setting}: the name '{repeated.Key}' is given twice", nameof(choices));
        }
    }

    /// <summary>The setting's name as users write it.</summary>
    public string Setting { get; }

    /// <summary>Every choice, in documentation order.</summary>
    public IReadOnlyList<NamedChoice<T>> Choices => _choices;

    /// <summary>The choices' names, in documentation order.</summary>
    public IReadOnlyList<string> Names => [.. _choices.Select(c => c.Name)];

    /// <summary>Whether <paramref name="name"/> (case-sensitive) is a choice; its value when it is.</summary>
    public bool TryGet(string? name, out T value)
    {
        foreach (var choice in _choices)
        {
            if (string.Equals(choice.Name, name, StringComparison.Ordinal))
            {
                value = choice.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>The name of the first choice equal to <paramref name="value"/> (a factory with its default parameters); null when none is.</summary>
    public string? NameOf(T value) => _choices.FirstOrDefault(c => EqualityComparer<T>.Default.Equals(c.Value, value))?.Name;

    /// <summary>The value of <paramref name="name"/>.</summary>
    /// <exception cref="TrainingConfigException">An unknown name; the message lists the known ones.</exception>
    public T Get(string? name) => TryGet(name, out var value) ? value : throw new TrainingConfigException(UnknownMessage(name));

    /// <summary>"unknown optimizer 'lion'; known: adam, adamw, sgd, rmsprop": the message for a name that is not a choice.</summary>
    public string UnknownMessage(string? name) => $"unknown {Setting} '{name}'; known: {string.Join(", ", Names)}";
}
