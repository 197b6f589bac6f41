namespace MedVision.Tensors.Autograd;

/// <summary>
/// One recorded op of the graph: its inputs and the closure that, given dL/d(output), adds dL/d(input) to each
/// input that requires grad (via <see cref="Graph.Accumulate"/>).
/// </summary>
internal sealed class Node(string name, Tensor[] inputs, Action<Tensor> backward, Action? release)
{
    public string Name { get; } = name;

    public Tensor[] Inputs { get; private set; } = inputs;

    public Action<Tensor>? Backward { get; private set; } = backward;

    /// <summary>Drops the inputs and the closure, and gives back pooled buffers the op saved, once backward has run.</summary>
    public void Release()
    {
        release?.Invoke();
        release = null;
        Inputs = [];
        Backward = null;
    }
}
