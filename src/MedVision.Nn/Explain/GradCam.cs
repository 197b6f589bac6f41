using MedVision.Tensors;

namespace MedVision.Nn.Explain;

/// <summary>
/// Gradient-weighted class activation maps (Selvaraju et al., ICCV 2017) with the formula of pytorch-grad-cam's
/// <c>GradCAM</c>: for target activations A (N, C, h, w) and the gradient of one logit with respect to them,
/// w_c = mean over h, w of d(logit)/dA_c; CAM = ReLU(Σ_c w_c·A_c); each map shifted to minimum 0, divided by
/// (1e-7 + its maximum), then resized bilinearly to the input's H × W (OpenCV <c>INTER_LINEAR</c>, pixel centres
/// aligned). Images of a batch are independent (the model should be in eval mode).
/// </summary>
public static class GradCam
{
    /// <summary>Grad-CAM of logit 0 at the last convolution of <paramref name="model"/>.</summary>
    public static GradCamResult Compute(Module model, Tensor input) => Compute(model, input, new GradCamOptions());

    /// <summary>
    /// Grad-CAM of <paramref name="input"/> (N, C, H, W). Runs one forward and one backward pass; parameter
    /// gradients it leaves behind are cleared.
    /// </summary>
    public static GradCamResult Compute(Module model, Tensor input, GradCamOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (input.Rank != 4)
        {
            throw new ArgumentException($"input must be (N, C, H, W), got rank {input.Rank}", nameof(input));
        }

        var layerName = options.Layer ?? ModelLayers.LastConvolution(model);
        var capture = model.GetSubmodule(layerName).CaptureOutput();
        try
        {
            var x = input.Detach();
            x.RequiresGrad = true;
            var logits = model.Forward(x);
            int n = input.Size(0), k = logits.Length / n;
            if (options.OutputIndex < 0 || options.OutputIndex >= k)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.OutputIndex, $"OutputIndex must be in [0, {k}) for a model with {k} outputs");
            }

            // d(Σ_n logit[n, OutputIndex]) = one-hot per image: each image's gradient is its own logit's.
            var seed = Tensor.Zeros(logits.ShapeArray());
            for (var i = 0; i < n; i++)
            {
                seed.Data[(i * k) + options.OutputIndex] = 1f;
            }

            logits.Backward(seed);
            var activation = capture.Output ?? throw new InvalidOperationException($"module '{layerName}' did not run in the forward pass");
            var gradient = capture.Gradient ?? throw new InvalidOperationException($"no gradient reached module '{layerName}'");
            if (activation.Rank != 4)
            {
                throw new ArgumentException($"target module '{layerName}' must output (N, C, h, w), got rank {activation.Rank}", nameof(options));
            }

            var cam = Maps(activation, gradient, input.Size(2), input.Size(3));
            return new GradCamResult(layerName, logits.Detach(), cam);
        }
        finally
        {
            capture.Remove();
            foreach (var p in model.Parameters())
            {
                p.ZeroGrad();
            }
        }
    }

    // A, dA: (N, C, h, w) → CAM (N, H, W)
    private static Tensor Maps(Tensor activation, Tensor gradient, int height, int width)
    {
        int n = activation.Size(0), c = activation.Size(1), h = activation.Size(2), w = activation.Size(3), plane = h * w;
        var a = activation.Data;
        var g = gradient.Data;
        var result = Tensor.Zeros(n, height, width);
        var map = new float[plane];
        for (var i = 0; i < n; i++)
        {
            Array.Clear(map);
            for (var ch = 0; ch < c; ch++)
            {
                var offset = ((i * c) + ch) * plane;
                var weight = 0.0;
                for (var j = 0; j < plane; j++)
                {
                    weight += g[offset + j];
                }

                var wc = (float)(weight / plane);
                for (var j = 0; j < plane; j++)
                {
                    map[j] += wc * a[offset + j];
                }
            }

            var min = float.MaxValue;
            for (var j = 0; j < plane; j++)
            {
                map[j] = Math.Max(map[j], 0f);
                min = Math.Min(min, map[j]);
            }

            var max = float.MinValue;
            for (var j = 0; j < plane; j++)
            {
                map[j] -= min;
                max = Math.Max(max, map[j]);
            }

            for (var j = 0; j < plane; j++)
            {
                map[j] /= 1e-7f + max;
            }

            Bilinear.Resize(map, h, w, result.Data.Slice(i * height * width, height * width), height, width);
        }

        return result;
    }
}
