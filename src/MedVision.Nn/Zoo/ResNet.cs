using MedVision.Nn.Init;
using MedVision.Nn.Onnx;
using MedVision.Tensors;

namespace MedVision.Nn.Zoo;

/// <summary>
/// ResNet-18/34/50/101 as torchvision builds them (<c>torchvision.models.resnet*</c>): <c>conv1</c> 7×7/2 →
/// <c>bn1</c> → ReLU → max-pool 3×3/2 → <c>layer1…layer4</c> → global average pool → <c>fc</c>, with torchvision's
/// parameter names and init (Kaiming-normal fan-out convolutions, BN γ = 1, β = 0). The small variant for 28×28
/// inputs uses a 3×3/1 stem and no max-pool.
/// </summary>
public sealed class ResNet : Module, IOnnxExportable
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly MaxPool2d? _maxpool;
    private readonly Sequential[] _layers;
    private readonly Linear _fc;

    public ResNet(int depth, int inChannels = 3, int outputs = 1000, bool smallInput = false, Generator? generator = null)
    {
        var g = generator ?? DefaultGenerator;
        var (bottleneck, blocks) = depth switch
        {
            18 => (false, new[] { 2, 2, 2, 2 }),
            34 => (false, new[] { 3, 4, 6, 3 }),
            50 => (true, new[] { 3, 4, 6, 3 }),
            101 => (true, new[] { 3, 4, 23, 3 }),
            _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, $"ResNet depth must be 18, 34, 50 or 101, got {depth}"),
        };
        _conv1 = RegisterModule("conv1", smallInput ? Conv(inChannels, 64, 3, 1, g) : Conv(inChannels, 64, 7, 2, g));
        _bn1 = RegisterModule("bn1", new BatchNorm2d(64));
        if (!smallInput)
        {
            _maxpool = RegisterModule("maxpool", new MaxPool2d(3, 2, 1));
        }

        var inPlanes = 64;
        _layers = new Sequential[4];
        for (var i = 0; i < 4; i++)
        {
            var planes = 64 << i;
            var layer = new Sequential();
            for (var b = 0; b < blocks[i]; b++)
            {
                var stride = b == 0 && i > 0 ? 2 : 1;
                layer.Add(bottleneck ? new Bottleneck(inPlanes, planes, stride, g) : new BasicBlock(inPlanes, planes, stride, g));
                inPlanes = bottleneck ? planes * 4 : planes;
            }

            _layers[i] = RegisterModule($"layer{i + 1}", layer);
        }

        _fc = RegisterModule("fc", new Linear(inPlanes, outputs, generator: g));
    }

    /// <summary>A bias-free convolution with torchvision's ResNet init; padding keeps the size for odd kernels.</summary>
    internal static Conv2d Conv(int inChannels, int outChannels, int kernel, int stride, Generator g)
    {
        var conv = new Conv2d(inChannels, outChannels, kernel, stride, kernel / 2, bias: false, generator: g);
        Initializers.KaimingNormal(conv.Weight.Data, conv.Weight.ShapeArray(), g, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
        return conv;
    }

    protected override Tensor ForwardCore(Tensor input)
    {
        var x = Ops.Relu(_bn1.Forward(_conv1.Forward(input)));
        if (_maxpool is not null)
        {
            x = _maxpool.Forward(x);
        }

        foreach (var layer in _layers)
        {
            x = layer.Forward(x);
        }

        return _fc.Forward(Ops.Flatten(Ops.AdaptiveAvgPool2d(x, 1, 1), 1));
    }

    string IOnnxExportable.EmitOnnx(OnnxGraph g, string x)
    {
        x = g.Relu(g.Emit(_bn1, g.Emit(_conv1, x)));
        if (_maxpool is not null)
        {
            x = g.Emit(_maxpool, x);
        }

        foreach (var layer in _layers)
        {
            x = g.Emit(layer, x);
        }

        return g.Emit(_fc, g.Flatten(g.GlobalAveragePool(x), 1));
    }
}
