using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Nn.Explain;

/// <summary>
/// Looks inside a trained network for reports: which convolution comes first and last, its kernels, and the
/// activations a module produces for an input (PyTorch forward hooks).
/// </summary>
public static class ModelLayers
{
    /// <summary>Dotted name of the first <see cref="Conv2d"/> in registration order; throws when there is none.</summary>
    public static string FirstConvolution(Module model) => Convolutions(model).First();

    /// <summary>Dotted name of the last <see cref="Conv2d"/> in registration order; throws when there is none.</summary>
    public static string LastConvolution(Module model) => Convolutions(model).Last();

    /// <summary>The kernels of the first convolution, (C_out, C_in, k, k): what the network looks for in raw pixels.</summary>
    public static Tensor FirstLayerFilters(Module model)
    {
        var conv = (Conv2d)model.GetSubmodule(FirstConvolution(model));
        return conv.Weight.Detach().Clone();
    }

    /// <summary>
    /// The output of module <paramref name="layer"/> when <paramref name="model"/> runs on <paramref name="input"/>
    /// (no gradient recorded): e.g. the feature maps (N, C, h, w) of a convolution.
    /// </summary>
    public static Tensor Activations(Module model, Tensor input, string layer)
    {
        ArgumentNullException.ThrowIfNull(model);
        Tensor? captured = null;
        var handle = model.GetSubmodule(layer).RegisterForwardHook((_, _, output) => captured = output);
        try
        {
            using (GradMode.NoGrad())
            {
                model.Forward(input);
            }
        }
        finally
        {
            handle.Remove();
        }

        return captured?.Detach() ?? throw new InvalidOperationException($"module '{layer}' did not run in the forward pass");
    }

    /// <summary>
    /// The penultimate layer's activations (N, F): what the last <see cref="Linear"/> receives, i.e. the feature
    /// vector the classifier head separates (no gradient recorded).
    /// </summary>
    public static Tensor Penultimate(Module model, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(model);
        var last = model.NamedModules().LastOrDefault(m => m.Value is Linear);
        if (last.Value is null)
        {
            throw new ArgumentException($"{model.GetType().Name} has no Linear layer", nameof(model));
        }

        Tensor? captured = null;
        var handle = last.Value.RegisterForwardHook((_, inputs, _) => captured = inputs);
        try
        {
            using (GradMode.NoGrad())
            {
                model.Forward(input);
            }
        }
        finally
        {
            handle.Remove();
        }

        return captured?.Detach() ?? throw new InvalidOperationException($"module '{last.Key}' did not run in the forward pass");
    }

    private static IEnumerable<string> Convolutions(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var names = model.NamedModules().Where(m => m.Value is Conv2d).Select(m => m.Key).ToList();
        return names.Count > 0 ? names : throw new ArgumentException($"{model.GetType().Name} has no Conv2d layer", nameof(model));
    }
}
