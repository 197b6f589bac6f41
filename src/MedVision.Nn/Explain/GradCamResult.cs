using MedVision.Tensors;

namespace MedVision.Nn.Explain;

/// <summary>What <see cref="GradCam.Compute(Module, Tensor, GradCamOptions)"/> returns.</summary>
/// <param name="Layer">Dotted name of the module whose activations were weighted.</param>
/// <param name="Logits">The model's output for the batch, (N, K).</param>
/// <param name="Cam">Class activation maps (N, H, W) at the input's size, each normalised to [0, 1].</param>
public sealed record GradCamResult(string Layer, Tensor Logits, Tensor Cam);
