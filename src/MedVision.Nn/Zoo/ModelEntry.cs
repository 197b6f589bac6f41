namespace MedVision.Nn.Zoo;

/// <summary>
/// One row of <see cref="ModelZoo"/>: the name used on command lines, a description with its source, the
/// input it was designed for, the parameter names of its first convolution's weight and of its head (for
/// first-conv adaptation and head replacement in <see cref="Transfer"/>), and its builder.
/// </summary>
public sealed record ModelEntry(
    string Name,
    string Description,
    (int Channels, int Height, int Width) DefaultInput,
    string FirstConv,
    string Head,
    Func<ModelSpec, Module> Build);
