using MedVision.Nn.Onnx;
using MedVision.Tensors;

namespace MedVision.Nn.Zoo;

/// <summary>
/// ResNet basic block (torchvision <c>BasicBlock</c>, expansion 1): conv 3×3 (stride) → BN → ReLU → conv 3×3 → BN,
/// plus the identity or <c>downsample</c> (1×1 conv with stride → BN), then ReLU.
/// </summary>
public sealed class BasicBlock : Module, IOnnxExportable
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly Sequential? _downsample;

    public BasicBlock(int inPlanes, int planes, int stride, Generator g)
    {
        _conv1 = RegisterModule("conv1", ResNet.Conv(inPlanes, planes, 3, stride, g));
        _bn1 = RegisterModule("bn1", new BatchNorm2d(planes));
        _conv2 = RegisterModule("conv2", ResNet.Conv(planes, planes, 3, 1, g));
        _bn2 = RegisterModule("bn2", new BatchNorm2d(planes));
        if (stride != 1 || inPlanes != planes)
        {
            _downsample = RegisterModule("downsample", new Sequential(ResNet.Conv(inPlanes, planes, 1, stride, g), new BatchNorm2d(planes)));
        }
    }

    protected override Tensor ForwardCore(Tensor input)
    {
        var y = _conv1.Forward(input);
        y = Consumed(y, _bn1.ForwardRelu(y), input);
        y = Consumed(y, _conv2.Forward(y), input);
        y = Consumed(y, _bn2.Forward(y), input);
        return Residual(y, _downsample, input);
    }

    /// <summary>relu(<paramref name="y"/> + downsample(input)) in one op, the end of a basic or bottleneck block; in inference its operands go back to the pool as soon as it is made.</summary>
    internal static Tensor Residual(Tensor y, Module? downsample, Tensor input)
    {
        var shortcut = downsample?.Forward(input) ?? input;
        return Consumed(shortcut, Consumed(y, Ops.AddRelu(y, shortcut), input), input);
    }

    string IOnnxExportable.EmitOnnx(OnnxGraphBuilder g, string input)
    {
        var y = g.Relu(g.Emit(_bn1, g.Emit(_conv1, input)));
        y = g.Emit(_bn2, g.Emit(_conv2, y));
        return g.Relu(g.Add(y, _downsample is null ? input : g.Emit(_downsample, input)));
    }
}
