namespace MedVision.Tensors;

/// <summary>How a loss combines its per-element values (PyTorch <c>reduction</c>).</summary>
public enum Reduction
{
    /// <summary>Per-element losses, same shape as the input.</summary>
    None,

    /// <summary>The mean over all elements (PyTorch default).</summary>
    Mean,

    /// <summary>The sum over all elements.</summary>
    Sum,
}
