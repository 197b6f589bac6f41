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

    /// <summary>Blocks fused by the <c>vgg*-fusion*</c> models (default all five, as the paper's best "(1–5)").</summary>
    public IReadOnlyList<int> FusedBlocks { get; init; } = [1, 2, 3, 4, 5];
}
