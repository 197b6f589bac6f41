using MedVision.Nn.Init;
using MedVision.Nn.Onnx;
using MedVision.Tensors;

namespace MedVision.Nn.Zoo;

/// <summary>
/// ResNet-18/34/50/101 as torchvision builds them (<c>torchvision.models.resnet*</c>): <c>conv1</c> 7×7/2 →
/// <c>bn1</c> → ReLU → max-pool 3×3/2 → <c>layer1…layer4</c> → global average pool → <c>fc</c>, with torchvision's
/// parameter names and init (Kaiming-normal fan-out convolutions, BN γ = 1, β = 0). The small variant for 28×28
/// inputs uses a 3×3/1 stem and no max-pool. Other block lists than torchvision's (ML.NET's ImageNet ResNet-18 has
/// [2, 2, 2, 3]) go through the constructor that takes the blocks per stage. The fusion variant (seeds/002's deep
/// fusion applied to a ResNet) concatenates the global average pools of <c>layer1…layer4</c> (64 + 128 + 256 + 512
/// channels with basic blocks) and passes them through <c>fc</c> = BatchNorm1d → Linear.
/// </summary>
public sealed class ResNet : Module, IOnnxExportable
{
    private readonly InputNormalization? _transformInput;
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly MaxPool2d? _maxpool;
    private readonly Sequential[] _layers;
    private readonly Module _fc;
    private readonly bool _fuse;

    public ResNet(int depth, int inChannels = 3, int outputs = 1000, bool smallInput = false, Generator? generator = null)
        : this(depth >= 50, Blocks(depth), inChannels, outputs, smallInput, generator)
    {
    }

    /// <summary>
    /// A ResNet with <paramref name="blocks"/> basic (or <paramref name="bottleneck"/>) blocks in each of the four
    /// stages (64, 128, 256, 512 planes); stage 1 keeps the stride, the first block of stages 2–4 has stride 2.
    /// With <paramref name="transformInput"/> (as torchvision's Inception <c>transform_input</c>) the input is first
    /// normalised the way pretrained weights expect, and <c>conv1</c> takes that module's output channels.
    /// </summary>
    public ResNet(bool bottleneck, IReadOnlyList<int> blocks, int inChannels = 3, int outputs = 1000, bool smallInput = false, Generator? generator = null,
        InputNormalization? transformInput = null, bool fuse = false)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count != 4 || blocks.Any(b => b < 1))
        {
            throw new ArgumentException($"a ResNet needs four stages of ≥ 1 block, got [{string.Join(", ", blocks)}]", nameof(blocks));
        }

        var g = generator ?? DefaultGenerator;
        if (transformInput is not null)
        {
            if (transformInput.InChannels != inChannels)
            {
                throw new ArgumentException($"the input transform takes {transformInput.InChannels} channels, the network {inChannels}", nameof(transformInput));
            }

            _transformInput = RegisterModule("transform_input", transformInput);
            inChannels = transformInput.OutChannels;
        }

        _conv1 = RegisterModule("conv1", smallInput ? Conv(inChannels, 64, 3, 1, g) : Conv(inChannels, 64, 7, 2, g));
        _bn1 = RegisterModule("bn1", new BatchNorm2d(64));
        if (!smallInput)
        {
            _maxpool = RegisterModule("maxpool", new MaxPool2d(3, 2, 1));
        }

        var inPlanes = 64;
        var pooledWidth = 0; // the fusion variant's fc input: every stage's output channels
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
            pooledWidth += inPlanes;
        }

        _fuse = fuse;
        _fc = RegisterModule<Module>("fc", fuse
            ? new Sequential(new BatchNorm1d(pooledWidth), new Linear(pooledWidth, outputs, generator: g))
            : new Linear(inPlanes, outputs, generator: g));
    }

    /// <summary>Whether <c>fc</c> takes the pooled outputs of all four stages (the fusion variant) instead of layer4's alone.</summary>
    public bool Fused => _fuse;

    /// <summary>Blocks per stage of torchvision's resnet<paramref name="depth"/>.</summary>
    public static int[] Blocks(int depth) => depth switch
    {
        18 => [2, 2, 2, 2],
        34 or 50 => [3, 4, 6, 3],
        101 => [3, 4, 23, 3],
        _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, $"ResNet depth must be 18, 34, 50 or 101, got {depth}"),
    };

    /// <summary>A bias-free convolution with torchvision's ResNet init; padding keeps the size for odd kernels.</summary>
    internal static Conv2d Conv(int inChannels, int outChannels, int kernel, int stride, Generator g)
    {
        var conv = new Conv2d(inChannels, outChannels, kernel, stride, kernel / 2, bias: false, generator: g);
        Initializers.KaimingNormal(conv.Weight.Data, conv.Weight.ShapeArray(), g, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu);
        return conv;
    }

    /// <summary>
    /// The globally average-pooled output of <c>layer4</c>, the input of <c>fc</c>: x (N, C, H, W) → (N, 512) (2048
    /// with bottleneck blocks). For ImageNet weights these are the usual transfer-learning features. In the fusion
    /// variant, the pools of <c>layer1…layer4</c> side by side: (N, 960) with basic blocks.
    /// </summary>
    public Tensor Features(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = _transformInput?.Forward(input) ?? input;
        x = Consumed(x, _conv1.Forward(x), input);
        x = Consumed(x, _bn1.ForwardRelu(x), input);
        if (_maxpool is not null)
        {
            x = Consumed(x, _maxpool.Forward(x), input);
        }

        var pooled = new List<Tensor>();
        foreach (var layer in _layers)
        {
            x = Consumed(x, layer.Forward(x), input);
            if (_fuse)
            {
                pooled.Add(Ops.Flatten(Ops.AdaptiveAvgPool2d(x, 1, 1), 1));
            }
        }

        return _fuse ? Ops.Concat(pooled, 1) : Consumed(x, Ops.Flatten(Ops.AdaptiveAvgPool2d(x, 1, 1), 1), input);
    }

    protected override Tensor ForwardCore(Tensor input) => _fc.Forward(Features(input));

    string IOnnxExportable.EmitOnnx(OnnxGraphBuilder g, string x)
    {
        if (_transformInput is not null)
        {
            x = g.Emit(_transformInput, x);
        }

        x = g.Relu(g.Emit(_bn1, g.Emit(_conv1, x)));
        if (_maxpool is not null)
        {
            x = g.Emit(_maxpool, x);
        }

        var pooled = new List<string>();
        foreach (var layer in _layers)
        {
            x = g.Emit(layer, x);
            if (_fuse)
            {
                pooled.Add(g.Flatten(g.GlobalAveragePool(x), 1));
            }
        }

        return g.Emit(_fc, _fuse ? g.Concat(pooled, 1) : g.Flatten(g.GlobalAveragePool(x), 1));
    }
}
