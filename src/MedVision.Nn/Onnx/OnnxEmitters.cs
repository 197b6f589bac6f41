using MedVision.Tensors;
using static MedVision.Nn.Onnx.OnnxGraphBuilder;

namespace MedVision.Nn.Onnx;

/// <summary>
/// The ONNX form of each layer, in one table: module type → nodes (opset <see cref="OnnxExport.Opset"/>), with
/// evaluation-mode semantics (dropout is the identity, batch norm uses its running statistics). Networks that
/// compose layers with code of their own (ResNet blocks, VGG fusion) implement <see cref="IOnnxExportable"/> beside
/// their forward pass and come here for each layer they call. A module found in neither throws
/// <see cref="OnnxUnsupportedModuleException"/>.
/// </summary>
internal static class OnnxEmitters
{
    public static string Emit(OnnxGraphBuilder g, Module module, string x) => module switch
    {
        Sequential s => Sequential(g, s, x),
        Conv2d c => Conv(g, c, x),
        InputNormalization n => InputNormalization(g, n, x),
        BatchNorm b => BatchNorm(g, b, x),
        Linear l => Linear(g, l, x),
        MaxPool2d p => Pool(g, "MaxPool", p, p.Options, x),
        AvgPool2d p => Pool(g, "AveragePool", p, p.Options, x),
        AdaptiveAvgPool2d p => AdaptiveAvgPool(g, p, x),
        Flatten f => Flatten(g, f, x),
        Dropout or Identity => x,
        ReLU => g.Relu(x),
        LeakyReLU r => g.Node("LeakyRelu", [x], Float("alpha", r.NegativeSlope)),
        ELU e => g.Node("Elu", [x], Float("alpha", e.Alpha)),
        Sigmoid => g.Node("Sigmoid", [x]),
        Tanh => g.Node("Tanh", [x]),
        Softmax s => g.Node("Softmax", [x], Int("axis", s.Dim)),
        IOnnxExportable e => e.EmitOnnx(g, x),
        _ => throw new OnnxUnsupportedModuleException(g.PathOf(module), module.GetType()),
    };

    private static string Sequential(OnnxGraphBuilder g, Sequential s, string x)
    {
        for (var i = 0; i < s.Count; i++)
        {
            x = g.Emit(s[i], x);
        }

        return x;
    }

    private static string Conv(OnnxGraphBuilder g, Conv2d c, string x)
    {
        var o = c.Options;
        string[] inputs = c.Bias is null ? [x, g.State(c.Weight)] : [x, g.State(c.Weight), g.State(c.Bias)];
        return g.Node("Conv", inputs,
            Ints("kernel_shape", c.KernelSize, c.KernelSize), Ints("strides", o.Stride.H, o.Stride.W),
            Ints("pads", o.Padding.H, o.Padding.W, o.Padding.H, o.Padding.W), Ints("dilations", o.Dilation.H, o.Dilation.W),
            Int("group", o.Groups));
    }

    /// <summary>The normalisation as a 1×1 convolution: W[c, source(c)] = scale / std[c], bias[c] = −mean[c] / std[c].</summary>
    private static string InputNormalization(OnnxGraphBuilder g, InputNormalization n, string x)
    {
        var weight = new float[n.OutChannels * n.InChannels];
        var bias = new float[n.OutChannels];
        var source = n.SourceChannels;
        for (var c = 0; c < n.OutChannels; c++)
        {
            weight[(c * n.InChannels) + source[c]] = n.Scale / n.Std[c];
            bias[c] = -n.Mean[c] / n.Std[c];
        }

        return g.Node("Conv", [x, g.Constant(n, "weight", [n.OutChannels, n.InChannels, 1, 1], weight), g.Constant(n, "bias", [n.OutChannels], bias)],
            Ints("kernel_shape", 1, 1));
    }

    private static string BatchNorm(OnnxGraphBuilder g, BatchNorm b, string x)
    {
        if (b.RunningMean is null || b.RunningVar is null)
        {
            throw new OnnxUnsupportedModuleException(g.PathOf(b), b.GetType(),
                "it keeps no running statistics, so evaluation normalises with batch statistics, which ONNX inference has no operator for");
        }

        // Without affine parameters γ = 1 and β = 0, as constants.
        var scale = b.Weight is null ? g.Constant(b, "scale", [b.NumFeatures], Enumerable.Repeat(1f, b.NumFeatures).ToArray()) : g.State(b.Weight);
        var bias = b.Bias is null ? g.Constant(b, "shift", [b.NumFeatures], new float[b.NumFeatures]) : g.State(b.Bias);
        return g.Node("BatchNormalization", [x, scale, bias, g.State(b.RunningMean), g.State(b.RunningVar)],
            Float("epsilon", b.Eps), Float("momentum", 1 - b.Momentum));
    }

    private static string Linear(OnnxGraphBuilder g, Linear l, string x)
    {
        // x (N, in) → Gemm(x, Wᵀ) + b; other ranks (…, in) → MatMul(x, Transpose(W)) + b.
        if (g.InputShape(l).Length == 2)
        {
            string[] inputs = l.Bias is null ? [x, g.State(l.Weight)] : [x, g.State(l.Weight), g.State(l.Bias)];
            return g.Node("Gemm", inputs, Int("transB", 1));
        }

        var y = g.Node("MatMul", [x, g.Node("Transpose", [g.State(l.Weight)], Ints("perm", 1, 0))]);
        return l.Bias is null ? y : g.Add(y, g.State(l.Bias));
    }

    private static string Pool(OnnxGraphBuilder g, string op, Module pool, Pool2dOptions o, string x)
    {
        var (sh, sw) = o.Stride ?? o.Kernel;
        var shape = g.InputShape(pool);
        // Ceil mode only where it adds a window (ONNX Runtime then drops one that starts in the padding, as PyTorch).
        var ceil = o.CeilMode && (PoolOutput(shape[2], o.Kernel.H, sh, o.Padding.H, o.Dilation.H, true) != PoolOutput(shape[2], o.Kernel.H, sh, o.Padding.H, o.Dilation.H, false)
            || PoolOutput(shape[3], o.Kernel.W, sw, o.Padding.W, o.Dilation.W, true) != PoolOutput(shape[3], o.Kernel.W, sw, o.Padding.W, o.Dilation.W, false));
        List<Proto.AttributeProto> attributes =
        [
            Ints("kernel_shape", o.Kernel.H, o.Kernel.W), Ints("strides", sh, sw),
            Ints("pads", o.Padding.H, o.Padding.W, o.Padding.H, o.Padding.W), Int("ceil_mode", ceil ? 1 : 0),
        ];
        if (op == "MaxPool")
        {
            attributes.Add(Ints("dilations", o.Dilation.H, o.Dilation.W));
        }
        else
        {
            attributes.Add(Int("count_include_pad", o.CountIncludePad ? 1 : 0));
        }

        return g.Node(op, [x], [.. attributes]);
    }

    /// <summary>⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1 (or ⌈…⌉, dropping a last window that starts in the padding), as PyTorch.</summary>
    private static int PoolOutput(int n, int k, int s, int p, int d, bool ceil)
    {
        var span = n + (2 * p) - (d * (k - 1)) - 1;
        var o = (ceil ? (span + s - 1) / s : span / s) + 1;
        return ceil && (o - 1) * s >= n + p ? o - 1 : o;
    }

    private static string AdaptiveAvgPool(OnnxGraphBuilder g, AdaptiveAvgPool2d p, string x)
    {
        var (oh, ow) = p.OutputSize;
        var shape = g.InputShape(p);
        int h = shape[2], w = shape[3];
        if (oh == 1 && ow == 1)
        {
            return g.GlobalAveragePool(x);
        }

        if (h % oh == 0 && w % ow == 0)
        {
            return g.Node("AveragePool", [x], Ints("kernel_shape", h / oh, w / ow), Ints("strides", h / oh, w / ow));
        }

        // Windows of unequal size (or an output larger than the input, as VGG's 7×7 pool of a small image): the
        // pooling is linear in each axis, y = A_h · x · A_wᵀ with A (out, in) holding 1/len over each window.
        // x (N, C, H, W) · A_wᵀ (W, ow) → (N, C, H, ow); A_h (oh, H) · that → (N, C, oh, ow)
        var cols = g.Node("MatMul", [x, g.Constant(p, "pool_cols", [w, ow], Windows(w, ow, transpose: true))]);
        return g.Node("MatMul", [g.Constant(p, "pool_rows", [oh, h], Windows(h, oh, transpose: false)), cols]);
    }

    /// <summary>Averaging matrix (out, in) of adaptive pooling — rows ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1 — or its transpose.</summary>
    private static float[] Windows(int n, int outputs, bool transpose)
    {
        var a = new float[n * outputs];
        for (var i = 0; i < outputs; i++)
        {
            int start = i * n / outputs, end = (((i + 1) * n) + outputs - 1) / outputs;
            for (var j = start; j < end; j++)
            {
                a[transpose ? (j * outputs) + i : (i * n) + j] = 1f / (end - start);
            }
        }

        return a;
    }

    private static string Flatten(OnnxGraphBuilder g, Flatten f, string x)
    {
        var shape = g.InputShape(f);
        int start = f.StartDim < 0 ? f.StartDim + shape.Length : f.StartDim, end = f.EndDim < 0 ? f.EndDim + shape.Length : f.EndDim;
        // ONNX Flatten always merges the leading dimensions too, so it only mirrors (N, …) → (N, Π).
        if (start == 1 && end == shape.Length - 1)
        {
            return g.Flatten(x, 1);
        }

        // (d0, …, d_start … d_end, …) → (d0, …, Π, …); the batch dimension is copied (0) or merged (−1).
        var target = new List<long>();
        for (var d = 0; d < shape.Length; d++)
        {
            if (d < start || d > end)
            {
                target.Add(d == 0 ? 0 : shape[d]);
            }
            else if (d == start)
            {
                target.Add(start == 0 ? -1 : shape[start..(end + 1)].Aggregate(1L, (a, v) => a * v));
            }
        }

        return g.Node("Reshape", [x, g.Constant(f, "shape", [.. target])]);
    }
}
