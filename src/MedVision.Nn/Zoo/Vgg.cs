using MedVision.Nn.Init;
using MedVision.Nn.Onnx;
using MedVision.Tensors;

namespace MedVision.Nn.Zoo;

/// <summary>
/// VGG-11/13/16/19 with or without batch norm as torchvision builds them (<c>torchvision.models.vgg*</c>):
/// <c>features</c> (3×3 convolutions, padding 1, and 2×2 max-pools per configuration A/B/D/E), <c>avgpool</c>
/// (adaptive 7×7) and <c>classifier</c> (25088 → 4096 → 4096 → outputs with dropout 0.5); torchvision's init
/// (Kaiming-normal fan-out convolutions, N(0, 0.01) linear layers, zero biases) and parameter names.
/// </summary>
public sealed class Vgg : Module, IOnnxExportable
{
    private readonly Sequential _features;
    private readonly AdaptiveAvgPool2d _avgpool;
    private readonly Sequential _classifier;

    public Vgg(int depth, bool batchNorm, int inChannels = 3, int outputs = 1000, Generator? generator = null)
    {
        var g = generator ?? DefaultGenerator;
        _features = RegisterModule("features", CreateFeatures(depth, batchNorm, inChannels, g));
        _avgpool = RegisterModule("avgpool", new AdaptiveAvgPool2d(7));
        _classifier = RegisterModule("classifier", new Sequential(
            new Linear(512 * 7 * 7, 4096, generator: g), new ReLU(), new Dropout(0.5, g.Fork()),
            new Linear(4096, 4096, generator: g), new ReLU(), new Dropout(0.5, g.Fork()),
            new Linear(4096, outputs, generator: g)));
        foreach (var (_, m) in NamedModules())
        {
            if (m is Linear linear)
            {
                Initializers.Normal(linear.Weight.Data, 0, 0.01, g);
                linear.Bias!.Data.Clear();
            }
        }
    }

    /// <summary>The convolutional part (torchvision <c>features</c>); its max-pools end the five blocks.</summary>
    public Sequential Features => _features;

    /// <summary>Channels per layer of configuration A/B/D/E (0 = max-pool), as torchvision's <c>cfgs</c>.</summary>
    public static int[] Configuration(int depth) => depth switch
    {
        11 => [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        13 => [64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        16 => [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0],
        19 => [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0],
        _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, $"VGG depth must be 11, 13, 16 or 19, got {depth}"),
    };

    /// <summary>The <c>features</c> stack of a VGG (torchvision layout and init), e.g. as a backbone.</summary>
    public static Sequential CreateFeatures(int depth, bool batchNorm, int inChannels, Generator g)
    {
        var features = new Sequential();
        var c = inChannels;
        foreach (var v in Configuration(depth))
        {
            if (v == 0)
            {
                features.Add(new MaxPool2d(2, 2));
                continue;
            }

            var conv = new Conv2d(c, v, 3, padding: 1, generator: g);
            Initializers.KaimingNormal(conv.Weight.Data, conv.Weight.ShapeArray(), g, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
            conv.Bias!.Data.Clear();
            features.Add(conv);
            if (batchNorm)
            {
                features.Add(new BatchNorm2d(v));
            }

            features.Add(new ReLU());
            c = v;
        }

        return features;
    }

    protected override Tensor ForwardCore(Tensor input) =>
        _classifier.Forward(Ops.Flatten(_avgpool.Forward(_features.Forward(input)), 1));

    string IOnnxExportable.EmitOnnx(OnnxGraphBuilder g, string x) =>
        g.Emit(_classifier, g.Flatten(g.Emit(_avgpool, g.Emit(_features, x)), 1));
}
