using System.Collections;

namespace MedVision.Nn.Weights;

/// <summary>
/// An ordered name → <see cref="WeightTensor"/> map: what a state dict, a safetensors file or a PyTorch
/// checkpoint holds. Names follow PyTorch/torchvision (<c>features.0.weight</c>, <c>bn1.running_mean</c>).
/// Iteration order is insertion order; <see cref="Metadata"/> carries safetensors' <c>__metadata__</c>.
/// </summary>
public sealed class WeightDict : IReadOnlyList<KeyValuePair<string, WeightTensor>>
{
    private readonly List<KeyValuePair<string, WeightTensor>> _items = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Free-form string metadata (safetensors <c>__metadata__</c>); empty when the file had none.</summary>
    public IDictionary<string, string> Metadata { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Number of entries.</summary>
    public int Count => _items.Count;

    /// <summary>Entry names in order.</summary>
    public IEnumerable<string> Names => _items.Select(kv => kv.Key);

    /// <summary>The entry at position <paramref name="index"/>.</summary>
    public KeyValuePair<string, WeightTensor> this[int index] => _items[index];

    /// <summary>The entry called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> naming it when absent.</summary>
    public WeightTensor this[string name] =>
        _index.TryGetValue(name, out var i) ? _items[i].Value : throw new KeyNotFoundException($"no weight named '{name}'");

    /// <summary>Appends <paramref name="name"/>; a name may appear once.</summary>
    public void Add(string name, WeightTensor tensor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_index.TryAdd(name, _items.Count))
        {
            throw new ArgumentException($"weight '{name}' is already present", nameof(name));
        }

        _items.Add(new(name, tensor));
    }

    /// <summary>Appends an entry built from <paramref name="shape"/> and <paramref name="values"/>.</summary>
    public void Add(string name, int[] shape, float[] values) => Add(name, new WeightTensor(shape, values));

    /// <summary>Whether an entry called <paramref name="name"/> exists.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>Looks up <paramref name="name"/>.</summary>
    public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out WeightTensor tensor)
    {
        if (_index.TryGetValue(name, out var i))
        {
            tensor = _items[i].Value;
            return true;
        }

        tensor = null;
        return false;
    }

    /// <summary>Total number of elements over all entries.</summary>
    public long ElementCount => _items.Sum(kv => (long)kv.Value.Count);

    public IEnumerator<KeyValuePair<string, WeightTensor>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
