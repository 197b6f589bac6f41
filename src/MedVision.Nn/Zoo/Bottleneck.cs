using MedVision.Nn.Onnx;
using MedVision.Tensors;

namespace MedVision.Nn.Zoo;

/// <summary>
/// ResNet bottleneck block (torchvision <c>Bottleneck</c>, ResNet v1.5, expansion 4): 1×1 → BN → ReLU → 3×3
/// (stride) → BN → ReLU → 1×1 (4·planes) → BN, plus the identity or <c>downsample</c>, then ReLU.
/// </summary>
public sealed class Bottleneck : Module, IOnnxExportable
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly Conv2d _conv3;
    private readonly BatchNorm2d _bn3;
    private readonly Sequential? _downsample;

    public Bottleneck(int inPlanes, int planes, int stride, Generator g)
    {
        _conv1 = RegisterModule("conv1", ResNet.Conv(inPlanes, planes, 1, 1, g));
        _bn1 = RegisterModule("bn1", new BatchNorm2d(planes));
        _conv2 = RegisterModule("conv2", ResNet.Conv(planes, planes, 3, stride, g));
        _bn2 = RegisterModule("bn2", new BatchNorm2d(planes));
        _conv3 = RegisterModule("conv3", ResNet.Conv(planes, planes * 4, 1, 1, g));
        _bn3 = RegisterModule("bn3", new BatchNorm2d(planes * 4));
        if (stride != 1 || inPlanes != planes * 4)
        {
            _downsample = RegisterModule("downsample", new Sequential(ResNet.Conv(inPlanes, planes * 4, 1, stride, g), new BatchNorm2d(planes * 4)));
        }
    }

    protected override Tensor ForwardCore(Tensor input)
    {
        var y = _conv1.Forward(input);
        y = Consumed(y, _bn1.ForwardRelu(y), input);
        y = Consumed(y, _conv2.Forward(y), input);
        y = Consumed(y, _bn2.ForwardRelu(y), input);
        y = Consumed(y, _conv3.Forward(y), input);
        y = Consumed(y, _bn3.Forward(y), input);
        return BasicBlock.Residual(y, _downsample, input);
    }

    string IOnnxExportable.EmitOnnx(OnnxGraphBuilder g, string input)
    {
        var y = g.Relu(g.Emit(_bn1, g.Emit(_conv1, input)));
        y = g.Relu(g.Emit(_bn2, g.Emit(_conv2, y)));
        y = g.Emit(_bn3, g.Emit(_conv3, y));
        return g.Relu(g.Add(y, _downsample is null ? input : g.Emit(_downsample, input)));
    }
}
