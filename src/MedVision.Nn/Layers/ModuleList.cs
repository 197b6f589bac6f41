using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// Holds modules under the names "0", "1", … without defining a forward pass (PyTorch <c>nn.ModuleList</c>);
/// the owner calls them. Calling <see cref="Module.Forward"/> on the list itself is an error.
/// </summary>
public sealed class ModuleList : Module
{
    private readonly List<Module> _items = [];

    public ModuleList(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules)
        {
            _items.Add(RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), m));
        }
    }

    public int Count => _items.Count;

    public Module this[int index] => _items[index];

    protected override Tensor ForwardCore(Tensor input) =>
        throw new InvalidOperationException("a ModuleList has no forward pass; call its items");
}
