using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Nn.Zoo;

/// <summary>
/// Floating-point operations of a network's forward pass per input, counting the multiply-adds of convolutions and
/// linear layers as two operations each (the convention of fvcore and of PyTorch's profiler ×2): a convolution costs
/// 2·|W|·H'·W' and a linear layer 2·|W|. Pooling, activations and normalisation are ignored (they are a few percent).
/// A training step costs about three forward passes (forward, gradient of the input, gradient of the weights).
/// </summary>
public static class ModelFlops
{
    /// <summary>Forward FLOPs for one input of shape (C, H, W); runs one eval-mode forward pass on zeros.</summary>
    public static long Forward(Module model, IReadOnlyList<int> inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        long flops = 0;
        var handles = new List<ForwardHookHandle>();
        foreach (var (_, module) in model.NamedModules())
        {
            switch (module)
            {
                case Conv2d conv:
                    handles.Add(conv.RegisterForwardHook((_, _, output) => flops += 2L * conv.Weight.Length * output.Size(-1) * output.Size(-2), holdsTensors: false));
                    break;
                case Linear linear:
                    handles.Add(linear.RegisterForwardHook((_, _, _) => flops += 2L * linear.Weight.Length, holdsTensors: false));
                    break;
                default:
                    break;
            }
        }

        var wasTraining = model.Training;
        try
        {
            model.Eval();
            using (GradMode.NoGrad())
            {
                model.Forward(Tensor.Zeros([1, .. inputShape]));
            }
        }
        finally
        {
            model.Train(wasTraining);
            handles.ForEach(h => h.Remove());
        }

        return flops;
    }
}
