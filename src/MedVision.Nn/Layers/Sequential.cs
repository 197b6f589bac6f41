using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// Runs its children in order (PyTorch <c>nn.Sequential</c>); children are named "0", "1", … so parameter
/// names match PyTorch's (<c>features.3.weight</c>). A batch norm followed by a ReLU runs as one op
/// (<see cref="BatchNorm.ForwardRelu"/>, the same bits).
/// </summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    public Sequential(params Module[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>Number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at <paramref name="index"/>.</summary>
    public Module this[int index] => _layers[index];

    /// <summary>Appends <paramref name="layer"/> under the next index.</summary>
    public Sequential Add(Module layer)
    {
        _layers.Add(RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer));
        return this;
    }

    protected override Tensor ForwardCore(Tensor input)
    {
        var x = input;
        for (var i = 0; i < _layers.Count; i++)
        {
            // A batch norm and the ReLU after it run as one op unless a hook must see the ReLU's input or output.
            if (_layers[i] is BatchNorm norm && i + 1 < _layers.Count && _layers[i + 1] is ReLU relu && !relu.HasForwardHooks)
            {
                x = Consumed(x, norm.ForwardRelu(x), input);
                i++;
                continue;
            }

            x = Consumed(x, _layers[i].Forward(x), input);
        }

        return x;
    }
}
