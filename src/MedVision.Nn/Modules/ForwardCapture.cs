using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// Keeps the output of one module from its latest forward pass and, after a backward pass through it, the
/// gradient of the loss with respect to that output: the two ingredients of Grad-CAM. Made by
/// <see cref="Module.CaptureOutput"/>; call <see cref="Remove"/> when done.
/// </summary>
public sealed class ForwardCapture
{
    private readonly ForwardHookHandle _handle;
    private Tensors.Autograd.HookHandle? _gradientHook;

    internal ForwardCapture(Module module)
    {
        _handle = module.RegisterForwardHook((_, _, output) =>
        {
            _gradientHook?.Remove();
            _gradientHook = null;
            Output = output;
            Gradient = null;
            if (output.RequiresGrad)
            {
                _gradientHook = output.RegisterHook(g => Gradient = g);
            }
        });
    }

    /// <summary>The module's output of the latest forward pass (same shape as the output), or null before one.</summary>
    public Tensor? Output { get; private set; }

    /// <summary>d(loss)/d(output) of the latest backward pass, or null (no backward yet, or computed under no-grad).</summary>
    public Tensor? Gradient { get; private set; }

    /// <summary>Stops capturing.</summary>
    public void Remove()
    {
        _handle.Remove();
        _gradientHook?.Remove();
        _gradientHook = null;
    }
}
