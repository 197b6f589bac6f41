using MedVision.Nn.Onnx;
using MedVision.Tensors;

namespace MedVision.Nn.Zoo;

/// <summary>
/// The deep fusion models of seeds/002 (Yu et al. 2020) on a VGG-16/19 backbone (<c>features</c>, torchvision
/// names, so ImageNet weights load by name). Each fused block's output (after its max-pool) becomes a vector:
/// Model 1 takes its global average pool; Model 2 passes it through <c>branches.i</c> = BN → 2×2 average pool →
/// 1×1 conv (to half the channels) → ReLU, then global average pooling. The vectors are concatenated and go
/// through <c>head</c> = BN → FC 256 → ReLU → dropout 0.5 → FC 128 → ReLU → outputs. The paper gives the branch
/// and FC widths only in a figure; the widths here are MedVision's choice. Model 2 needs inputs of at least
/// 64×64 when block 5 is fused. Freeze <c>features</c> to train as the paper does.
/// </summary>
public sealed class VggFusion : Module, IOnnxExportable
{
    private readonly Sequential _features;
    private readonly ModuleList? _branches;
    private readonly Sequential _head;
    private readonly int[] _blockEnds;
    private readonly int[] _blocks;

    public VggFusion(int depth, int model, IReadOnlyList<int> blocks, int inChannels = 3, int outputs = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (model is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(model), model, $"fusion model must be 1 or 2, got {model}");
        }

        _blocks = [.. blocks.Distinct().Order()];
        if (_blocks.Length == 0 || _blocks[0] < 1 || _blocks[^1] > 5)
        {
            throw new ArgumentException($"fused blocks must be a non-empty subset of 1–5, got [{string.Join(", ", blocks)}]", nameof(blocks));
        }

        var g = generator ?? DefaultGenerator;
        _features = RegisterModule("features", Vgg.CreateFeatures(depth, false, inChannels, g));
        var config = Vgg.Configuration(depth);

        // Layer index in features of each config entry: convs become conv + ReLU, pools stay one layer.
        var layerIndex = 0;
        var ends = new List<int>();
        var channels = new List<int>();
        var c = inChannels;
        foreach (var v in config)
        {
            if (v == 0)
            {
                ends.Add(layerIndex);
                channels.Add(c);
                layerIndex++;
            }
            else
            {
                c = v;
                layerIndex += 2;
            }
        }

        _blockEnds = [.. ends];
        var width = 0;
        if (model == 2)
        {
            var branches = new List<Module>();
            foreach (var b in _blocks)
            {
                var ch = channels[b - 1];
                branches.Add(new Sequential(new BatchNorm2d(ch), new AvgPool2d(2), new Conv2d(ch, ch / 2, 1, generator: g), new ReLU()));
                width += ch / 2;
            }

            _branches = RegisterModule("branches", new ModuleList([.. branches]));
        }
        else
        {
            width = _blocks.Sum(b => channels[b - 1]);
        }

        _head = RegisterModule("head", new Sequential(
            new BatchNorm1d(width), new Linear(width, 256, generator: g), new ReLU(), new Dropout(0.5, g.Fork()),
            new Linear(256, 128, generator: g), new ReLU(), new Linear(128, outputs, generator: g)));
    }

    /// <summary>The fused blocks, ascending.</summary>
    public IReadOnlyList<int> Blocks => _blocks;

    protected override Tensor ForwardCore(Tensor input)
    {
        var vectors = new List<Tensor>();
        var x = input;
        for (var i = 0; i < _features.Count; i++)
        {
            x = Consumed(x, _features[i].Forward(x), input);
            var slot = FusedSlot(i);
            if (slot < 0)
            {
                continue;
            }

            // (N, C, h, w) → (N, C') per fused block
            var branch = _branches is null ? x : _branches[slot].Forward(x);
            vectors.Add(Consumed(branch, Ops.Flatten(Ops.AdaptiveAvgPool2d(branch, 1, 1), 1), x));
            if (slot == _blocks.Length - 1)
            {
                break;
            }
        }

        return _head.Forward(vectors.Count == 1 ? vectors[0] : Ops.Concat(vectors, 1));
    }

    string IOnnxExportable.EmitOnnx(OnnxGraphBuilder g, string input)
    {
        var vectors = new List<string>();
        var x = input;
        for (var i = 0; i < _features.Count; i++)
        {
            x = g.Emit(_features[i], x);
            var slot = FusedSlot(i);
            if (slot < 0)
            {
                continue;
            }

            var branch = _branches is null ? x : g.Emit(_branches[slot], x);
            vectors.Add(g.Flatten(g.GlobalAveragePool(branch), 1));
            if (slot == _blocks.Length - 1)
            {
                break;
            }
        }

        return g.Emit(_head, g.Concat(vectors, 1));
    }

    /// <summary>The position in <see cref="Blocks"/> of the fused block that layer <paramref name="layer"/> of <c>features</c> ends, or −1.</summary>
    private int FusedSlot(int layer)
    {
        var block = Array.IndexOf(_blockEnds, layer) + 1;
        return block == 0 ? -1 : Array.IndexOf(_blocks, block);
    }
}
