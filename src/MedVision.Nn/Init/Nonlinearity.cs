namespace MedVision.Nn.Init;

/// <summary>The non-linearity that follows a layer, for <see cref="Initializers.CalculateGain"/> (PyTorch's names).</summary>
public enum Nonlinearity
{
    Linear,
    Conv,
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Selu,
}
