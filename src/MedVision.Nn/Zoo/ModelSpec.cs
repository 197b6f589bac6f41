namespace MedVision.Nn.Zoo;

/// <summary>
/// What a model-zoo entry is built for: input channels and size, number of outputs (logits; 1 for a
/// binary sigmoid head), the seed of its initial weights, and for the fusion models which VGG blocks (1–5) fuse.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>Input channels (1 for grayscale, 3 for RGB).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Input height in pixels.</summary>
    public int Height { get; init; } = 224;

    /// <summary>Input width in pixels.</summary>
    public int Width { get; init; } = 224;

    /// <summary>Number of output logits (default 1: binary classification with a sigmoid).</summary>
    public int Outputs { get; init; } = 1;

    /// <summary>Seed of the initial weights and dropout masks (default 0).</summary>
    public ulong Seed { get; init; }

    /// <summary>How the initial weights are drawn (default: as the architecture's reference implementation does).</summary>
    public ZooInit Init { get; init; } = ZooInit.Reference;

    /// <summary>Blocks fused by the <c>vgg*-fusion*</c> models (default all five, as the paper's best "(1–5)").</summary>
    public IReadOnlyList<int> FusedBlocks { get; init; } = [1, 2, 3, 4, 5];
}

/// <summary>How a zoo network's initial weights are drawn.</summary>
public enum ZooInit
{
    /// <summary>As the architecture's reference implementation: torchvision's own init for its ResNets and VGGs.</summary>
    Reference,

    /// <summary>
    /// Every convolution and linear layer as PyTorch's <c>reset_parameters</c> leaves it (Kaiming-uniform with
    /// a = √5, bias U(±1/√fan_in)) and batch norm at γ = 1, β = 0: a network written with plain <c>nn.Conv2d</c> /
    /// <c>nn.Linear</c> and no init of its own, such as MedMNIST's ResNet-18.
    /// </summary>
    LayerDefaults,
}
