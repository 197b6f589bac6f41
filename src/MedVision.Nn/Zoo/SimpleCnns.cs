using MedVision.Nn.Init;
using MedVision.Tensors;

namespace MedVision.Nn.Zoo;

/// <summary>The small CNNs of the seed documents, as <see cref="Sequential"/> stacks with PyTorch-style index names.</summary>
internal static class SimpleCnns
{
    /// <summary>
    /// seeds/000 (the Keras micro-calcification CNN as in <c>peers/seed000_torch.py</c>): four blocks conv 3×3
    /// (padding 1) → ReLU → max-pool 2 with 32, 64, 128, 128 filters, dropout 0.1 after blocks 2 and 3 and after
    /// flattening, dense 256 → 128 → outputs. 568,449 parameters at 1×60×60 with one output.
    /// </summary>
    public static Module SeedCnn(ModelSpec s)
    {
        var g = new Generator(s.Seed);
        var layers = new List<Module>();
        int h = s.Height, w = s.Width, c = s.InChannels;
        int[] filters = [32, 64, 128, 128];
        for (var b = 0; b < filters.Length; b++)
        {
            layers.Add(new Conv2d(c, filters[b], 3, padding: 1, generator: g));
            layers.Add(new ReLU());
            layers.Add(new MaxPool2d(2));
            (c, h, w) = (filters[b], Shapes.Out(h, 2, 2), Shapes.Out(w, 2, 2));
            if (b is 1 or 2)
            {
                layers.Add(new Dropout(0.1, g.Fork()));
            }
        }

        layers.AddRange([
            new Flatten(), new Dropout(0.1, g.Fork()),
            new Linear(c * h * w, 256, generator: g), new ReLU(),
            new Linear(256, 128, generator: g), new ReLU(),
            new Linear(128, s.Outputs, generator: g)]);
        return new Sequential([.. layers]);
    }

    /// <summary>
    /// seeds/003 (tflearn lung-nodule CNN on 50×50 patches): conv 32 5×5 → pool → conv 64 5×5 → pool → conv 64 3×3
    /// → pool ('same' convolution padding; pools round down, so 50 → 25 → 12 → 6), dense 512 → ReLU → dropout 0.5 → outputs (2, softmax
    /// in the loss). The dense width is the tflearn tutorial's, which the seed does not state.
    /// </summary>
    public static Module NoduleCnn(ModelSpec s)
    {
        var g = new Generator(s.Seed);
        int h = s.Height, w = s.Width;
        var layers = new List<Module>();
        var c = s.InChannels;
        foreach (var (filters, k) in new[] { (32, 5), (64, 5), (64, 3) })
        {
            layers.Add(new Conv2d(c, filters, k, padding: k / 2, generator: g));
            layers.Add(new ReLU());
            layers.Add(new MaxPool2d(2));
            (c, h, w) = (filters, Shapes.Out(h, 2, 2), Shapes.Out(w, 2, 2));
        }

        layers.AddRange([
            new Flatten(), new Linear(c * h * w, 512, generator: g), new ReLU(), new Dropout(0.5, g.Fork()),
            new Linear(512, s.Outputs, generator: g)]);
        return new Sequential([.. layers]);
    }

    /// <summary>
    /// seeds/004 (Keras MRI pre/post-contrast CNN): six conv 3×3 'valid' (16, 16, 32, 32, 64, 64) each with ReLU and
    /// max-pool 2, flatten, dropout 0.2, dense 64 (He-uniform weights, zero bias, as Keras <c>he_uniform</c>) → ReLU
    /// → outputs. 109,073 parameters at 3×331×331 with one output.
    /// </summary>
    public static Module MriCnn(ModelSpec s)
    {
        var g = new Generator(s.Seed);
        int h = s.Height, w = s.Width, c = s.InChannels;
        var layers = new List<Module>();
        foreach (var filters in new[] { 16, 16, 32, 32, 64, 64 })
        {
            layers.Add(new Conv2d(c, filters, 3, generator: g));
            layers.Add(new ReLU());
            layers.Add(new MaxPool2d(2));
            (c, h, w) = (filters, Shapes.Out(Shapes.Out(h, 3, 1), 2, 2), Shapes.Out(Shapes.Out(w, 3, 1), 2, 2));
        }

        var dense = new Linear(c * h * w, 64, generator: g);
        Initializers.KaimingUniform(dense.Weight.Data, [64, c * h * w], g, nonlinearity: Nonlinearity.Relu);
        dense.Bias!.Data.Clear();
        layers.AddRange([new Flatten(), new Dropout(0.2, g.Fork()), dense, new ReLU(), new Linear(64, s.Outputs, generator: g)]);
        return new Sequential([.. layers]);
    }

    /// <summary>
    /// A small patch classifier for texture patches (seeds/002-style 72×72 ROI patches) trained from scratch: four
    /// blocks conv 3×3 (padding 1, no bias) → batch norm → ReLU → max-pool 2 with 16, 32, 64, 64 filters, global
    /// average pooling, then one linear layer to the outputs. Batch norm lets it train from scratch in a few epochs
    /// on a few hundred images; global pooling makes it indifferent to where in the patch a texture sits and to the
    /// input size. 60,465 parameters for one input channel and one output.
    /// </summary>
    public static Module PatchCnn(ModelSpec s)
    {
        var g = new Generator(s.Seed);
        var layers = new List<Module>();
        var c = s.InChannels;
        foreach (var filters in new[] { 16, 32, 64, 64 })
        {
            layers.AddRange([new Conv2d(c, filters, 3, padding: 1, bias: false, generator: g), new BatchNorm2d(filters), new ReLU(), new MaxPool2d(2)]);
            c = filters;
        }

        layers.AddRange([new AdaptiveAvgPool2d(1), new Flatten(), new Linear(c, s.Outputs, generator: g)]);
        return new Sequential([.. layers]);
    }
}
