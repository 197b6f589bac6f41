using MedVision.Nn.Onnx;
using MedVision.Tensors;

namespace MedVision.Nn.Zoo;

/// <summary>
/// AlexNet as torchvision builds it (<c>torchvision.models.alexnet</c>): <c>features</c> (five convolutions),
/// <c>avgpool</c> (adaptive 6×6) and <c>classifier</c> (dropout, 9216 → 4096 → 4096 → outputs), with
/// torchvision's parameter names so its state dicts load by name.
/// </summary>
public sealed class AlexNet : Module, IOnnxExportable
{
    private readonly Sequential _features;
    private readonly AdaptiveAvgPool2d _avgpool;
    private readonly Sequential _classifier;

    public AlexNet(int inChannels = 3, int outputs = 1000, Generator? generator = null)
    {
        var g = generator ?? DefaultGenerator;
        _features = RegisterModule("features", new Sequential(
            new Conv2d(inChannels, 64, 11, stride: 4, padding: 2, generator: g), new ReLU(), new MaxPool2d(3, 2),
            new Conv2d(64, 192, 5, padding: 2, generator: g), new ReLU(), new MaxPool2d(3, 2),
            new Conv2d(192, 384, 3, padding: 1, generator: g), new ReLU(),
            new Conv2d(384, 256, 3, padding: 1, generator: g), new ReLU(),
            new Conv2d(256, 256, 3, padding: 1, generator: g), new ReLU(), new MaxPool2d(3, 2)));
        _avgpool = RegisterModule("avgpool", new AdaptiveAvgPool2d(6));
        _classifier = RegisterModule("classifier", new Sequential(
            new Dropout(0.5, g.Fork()), new Linear(256 * 6 * 6, 4096, generator: g), new ReLU(),
            new Dropout(0.5, g.Fork()), new Linear(4096, 4096, generator: g), new ReLU(),
            new Linear(4096, outputs, generator: g)));
    }

    protected override Tensor ForwardCore(Tensor input) =>
        _classifier.Forward(Ops.Flatten(_avgpool.Forward(_features.Forward(input)), 1));

    string IOnnxExportable.EmitOnnx(OnnxGraphBuilder g, string x) =>
        g.Emit(_classifier, g.Flatten(g.Emit(_avgpool, g.Emit(_features, x)), 1));
}
