using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// A trainable tensor owned by a <see cref="Module"/> (PyTorch <c>nn.Parameter</c>): a leaf that requires a
/// gradient unless frozen. It shares storage with the tensor it was made from; optimisers and
/// <see cref="Module.LoadStateDict(Weights.WeightDict, bool)"/> write its <see cref="Tensor.Data"/> in place.
/// </summary>
public sealed class Parameter : Tensor
{
    /// <summary>Wraps <paramref name="data"/>'s storage as a parameter (no copy).</summary>
    public Parameter(Tensor data, bool requiresGrad = true)
        : base(data, requiresGrad)
    {
    }

    /// <summary>A zero-filled parameter of <paramref name="shape"/>.</summary>
    public static new Parameter Zeros(params int[] shape) => new(Tensor.Zeros(shape));

    /// <summary>A parameter filled with <paramref name="value"/>.</summary>
    public static Parameter Filled(float value, params int[] shape) => new(Full(value, shape));
}
