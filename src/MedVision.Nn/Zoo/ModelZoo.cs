using MedVision.Nn.Init;
using MedVision.Tensors;

namespace MedVision.Nn.Zoo;

/// <summary>
/// Every architecture MedVision can build, in one explicit table (no discovery). Each entry is built for a
/// <see cref="ModelSpec"/> (input channels and size, outputs, seed) with torchvision's parameter names where
/// torchvision has the model, so its state dicts load by name (see <see cref="Transfer"/>).
/// </summary>
public static class ModelZoo
{
    /// <summary>The table, in the order <c>medvision model list</c> prints it.</summary>
    public static IReadOnlyList<ModelEntry> All { get; } =
    [
        new("seed-cnn", "seeds/000 micro-calcification CNN: 4 conv blocks (32-64-128-128), dense 256-128 (568,449 parameters at 1x60x60)", (1, 60, 60), "0.weight", "20", SimpleCnns.SeedCnn),
        new("nodule-cnn", "seeds/003 lung-nodule CNN: conv 32 5x5, 64 5x5, 64 3x3 with max-pools, dense 512, dropout", (1, 50, 50), "0.weight", "13", SimpleCnns.NoduleCnn),
        new("mri-cnn", "seeds/004 MRI contrast CNN: six conv 3x3 (16-16-32-32-64-64) with max-pools, dense 64 (109,073 parameters at 3x331x331)", (3, 331, 331), "0.weight", "22", SimpleCnns.MriCnn),
        new("patch-cnn", "small from-scratch patch classifier for seeds/002 ROI patches: 4 conv-BN-ReLU-pool blocks (16-32-64-64), global average pool, linear (60,465 parameters at 1 channel)", (1, 72, 72), "0.weight", "18", SimpleCnns.PatchCnn),
        new("alexnet", "AlexNet (torchvision)", (3, 224, 224), "features.0.weight", "classifier.6", s => new AlexNet(s.InChannels, s.Outputs, new(s.Seed))),
        Vgg(11, false), Vgg(13, false), Vgg(16, false), Vgg(19, false),
        Vgg(11, true), Vgg(13, true), Vgg(16, true), Vgg(19, true),
        ResNet(18), ResNet(34), ResNet(50), ResNet(101),
        new("resnet18-mlnet", "ResNet-18 with [2, 2, 2, 3] basic blocks (layer4.2 added), the layout of ML.NET's ImageNet ResNet-18 (model import imagenet-resnet18)", (3, 224, 224), "conv1.weight", "fc", s => new ResNet(false, [2, 2, 2, 3], s.InChannels, s.Outputs, false, new(s.Seed))),
        new("resnet18-imagenet", "resnet18-mlnet with its ImageNet input built in: [0, 1] grey replicated (or RGB reordered) to BGR, ×255, minus the ImageNet mean colour; for pretrained: imagenet-resnet18", (1, 224, 224), "conv1.weight", "fc",
            s => new ResNet(false, [2, 2, 2, 3], s.InChannels, s.Outputs, false, new(s.Seed), InputNormalization.ImageNetBgrMean(s.InChannels))),
        new("resnet18-imagenet-fusion", "resnet18-imagenet as a seeds/002 fusion model: the global average pools of layer1-layer4 side by side (960), then fc = BN-FC; for pretrained: imagenet-resnet18", (1, 224, 224), "conv1.weight", "fc",
            s => new ResNet(false, [2, 2, 2, 3], s.InChannels, s.Outputs, false, new(s.Seed), InputNormalization.ImageNetBgrMean(s.InChannels), fuse: true)),
        new("resnet18-small", "ResNet-18 for 28x28 inputs: 3x3 stride-1 stem, no max-pool", (3, 28, 28), "conv1.weight", "fc", s => new ResNet(18, s.InChannels, s.Outputs, smallInput: true, new(s.Seed))),
        Fusion(16, 1), Fusion(16, 2), Fusion(19, 1), Fusion(19, 2),
    ];

    /// <summary>The entry called <paramref name="name"/> (case-insensitive); the error lists the known names.</summary>
    public static ModelEntry Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown architecture '{name}'; known: {string.Join(", ", All.Select(e => e.Name))}", nameof(name));
    }

    /// <summary>Builds <paramref name="name"/> for <paramref name="spec"/>.</summary>
    public static Module Create(string name, ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.InChannels < 1 || spec.Height < 1 || spec.Width < 1 || spec.Outputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), $"input channels, size and outputs must be ≥ 1, got {spec.InChannels}x{spec.Height}x{spec.Width} and {spec.Outputs} outputs");
        }

        var model = Get(name).Build(spec);
        if (spec.Init == ZooInit.LayerDefaults)
        {
            ResetToLayerDefaults(model, new Generator(spec.Seed));
        }

        return model;
    }

    /// <summary>
    /// Redraws every convolution and linear layer of <paramref name="model"/> (in <see cref="Module.NamedModules"/>
    /// order) as PyTorch's <c>reset_parameters</c> does, and sets batch norm to γ = 1, β = 0 (<see cref="ZooInit.LayerDefaults"/>).
    /// </summary>
    public static void ResetToLayerDefaults(Module model, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(generator);
        foreach (var (_, module) in model.NamedModules())
        {
            switch (module)
            {
                case Conv2d conv:
                    Initializers.DefaultLayer(conv.Weight.Data, conv.Weight.Shape, conv.Bias is null ? [] : conv.Bias.Data, generator);
                    break;
                case Linear linear:
                    Initializers.DefaultLayer(linear.Weight.Data, linear.Weight.Shape, linear.Bias is null ? [] : linear.Bias.Data, generator);
                    break;
                case BatchNorm norm:
                    norm.Weight?.Data.Fill(1f);
                    norm.Bias?.Data.Clear();
                    break;
            }
        }
    }

    /// <summary>Builds <paramref name="name"/> for a C×H×W input with <paramref name="outputs"/> logits.</summary>
    public static Module Create(string name, int inChannels, int height, int width, int outputs = 1, ulong seed = 0) =>
        Create(name, new ModelSpec { InChannels = inChannels, Height = height, Width = width, Outputs = outputs, Seed = seed });

    private static ModelEntry Vgg(int depth, bool bn) => new(
        $"vgg{depth}{(bn ? "-bn" : string.Empty)}",
        $"VGG-{depth}{(bn ? " with batch norm" : string.Empty)} (torchvision vgg{depth}{(bn ? "_bn" : string.Empty)})",
        (3, 224, 224), "features.0.weight", "classifier.6",
        s => new Vgg(depth, bn, s.InChannels, s.Outputs, new(s.Seed)));

    private static ModelEntry ResNet(int depth) => new(
        $"resnet{depth}", $"ResNet-{depth} (torchvision resnet{depth})", (3, 224, 224), "conv1.weight", "fc",
        s => new ResNet(depth, s.InChannels, s.Outputs, false, new(s.Seed)));

    private static ModelEntry Fusion(int depth, int model) => new(
        $"vgg{depth}-fusion{model}",
        $"seeds/002 deep fusion model {model} on VGG-{depth}: {(model == 1 ? "GAP of each fused block" : "BN, avg-pool, 1x1 conv, GAP per fused block")}, then BN-FC-FC",
        (3, 72, 72), "features.0.weight", "head",
        s => new VggFusion(depth, model, s.FusedBlocks, s.InChannels, s.Outputs, new(s.Seed)));
}
