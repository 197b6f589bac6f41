using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Nn.Patches;

/// <summary>
/// Wraps a patch classifier (one logit per patch) into an image classifier (one logit per image), as seeds/002 trains
/// and tests on 72×72 patches of 120×120 ROIs. In training mode every image of a batch is replaced by one random
/// patch (a fresh position per call, from the seeded generator), so the trainer's loop, losses and early stopping
/// apply unchanged. In evaluation mode each image is cut into the same <see cref="PatchOptions.TestPatches"/> seeded
/// patches, and their probabilities are combined by <see cref="PatchOptions.Vote"/>; the output is the logit of the
/// image's score, so validation loss and accuracy are per image. With <see cref="PatchOptions.DihedralTestAugment"/> each
/// evaluation patch is first scored by the mean probability of its eight flips and quarter turns.
/// With K ≥ 3 classes the patch network gives K logits and the image output is K log-probabilities (their softmax is
/// the image's class probabilities): mean = the mean softmax probabilities of the patches, majority = the mode of the
/// patches' arg-max classes, as probabilities (v_c + ½) / (n + K/2) for v_c patches voting c (ties to the lowest class).
/// </summary>
/// <remarks>
/// The wrapped network's children are registered here under their own names, so the state dict keys are the zoo
/// network's (<c>0.weight</c>, <c>layer1.0.conv1.weight</c>) and its weight files load unchanged.
/// Image scores: majority vote gives (k + ½) / (n + 1) for k positive patches (probability ≥ ½) out of n, which
/// keeps the decision of the plain vote fraction k / n at threshold ½ (ties positive, as
/// <see cref="PatchVote.MajorityVote"/>) while keeping the logit finite; mean and max give the mean and maximum
/// patch probability, clamped to [1e-6, 1 − 1e-6]. The evaluation forward is not differentiable.
/// </remarks>
public sealed class PatchNetwork : Module
{
    /// <summary>Patches per evaluation forward pass: enough for efficient products, few enough that a VGG-size network's activations fit the tensor pool.</summary>
    private const int PatchesPerChunk = 64;
    private readonly Module _network;
    private readonly PatchOptions _options;
    private readonly Generator _trainDraws;
    private readonly (int Top, int Left)[] _testOffsets;

    /// <param name="network">The patch classifier, built for <paramref name="options"/>.Size square inputs with one output.</param>
    /// <param name="height">Height of the images this network receives.</param>
    /// <param name="width">Width of the images this network receives.</param>
    /// <param name="options">Patch size, counts, vote and seed.</param>
    /// <param name="testOffsets">
    /// Top-left corners of the evaluation patches (a saved model's, <see cref="TestOffsets"/>), exactly
    /// <paramref name="options"/>.TestPatches of them, each inside the image; null draws them from the seed.
    /// </param>
    /// <param name="classes">Classes told apart: 2 (default; one logit per patch) or K ≥ 3 (K logits per patch; vote mean or majority).</param>
    public PatchNetwork(Module network, int height, int width, PatchOptions options, IReadOnlyList<(int Top, int Left)>? testOffsets = null, int classes = 2)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (classes > 2 && options.Vote == PatchVote.Max)
        {
            throw new ArgumentException($"patch vote max is binary (the most suspicious patch); use mean or majority for {classes} classes", nameof(options));
        }

        Classes = classes;
        if (options.Size > height || options.Size > width)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"patch size {options.Size} exceeds the {height}×{width} images");
        }

        _network = network;
        _options = options;
        Height = height;
        Width = width;
        foreach (var (name, parameter) in network.NamedParameters().Where(p => !p.Key.Contains('.', StringComparison.Ordinal)))
        {
            RegisterParameter(name, parameter);
        }

        foreach (var (name, buffer) in network.NamedBuffers().Where(b => !b.Key.Contains('.', StringComparison.Ordinal)))
        {
            RegisterBuffer(name, buffer);
        }

        foreach (var (name, child) in network.NamedChildren())
        {
            RegisterModule(name, child);
        }

        var generator = new Generator(options.Seed);
        var testDraws = generator.Fork();
        _trainDraws = generator.Fork();
        _testOffsets = testOffsets is null ? [.. Enumerable.Range(0, options.TestPatches).Select(_ => Draw(testDraws))] : Checked(testOffsets);
        network.Train(Training);
    }

    /// <summary>Classes told apart (2: one logit per image).</summary>
    public int Classes { get; }

    /// <summary>Image height the network expects.</summary>
    public int Height { get; }

    /// <summary>Image width the network expects.</summary>
    public int Width { get; }

    /// <summary>Top-left corners of the patches that score every image in evaluation mode, in order.</summary>
    public IReadOnlyList<(int Top, int Left)> TestOffsets => _testOffsets;

    /// <summary>Patch size, counts, vote, test-time augmentation and seed.</summary>
    public PatchOptions Options => _options;

    /// <summary>The wrapped patch classifier (one logit per patch).</summary>
    public Module Network => _network;

    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank != 4 || input.Size(2) != Height || input.Size(3) != Width)
        {
            throw new ArgumentException($"expected (N, C, {Height}, {Width}) images, got ({string.Join(", ", input.ShapeArray())})", nameof(input));
        }

        if (_network.Training != Training)
        {
            _network.Train(Training);
        }

        return Training ? ForwardTraining(input) : Classes > 2 ? ForwardEvaluationMulticlass(input) : ForwardEvaluation(input);
    }

    private Tensor ForwardTraining(Tensor input)
    {
        // x: (N, C, H, W) → (N, C, P, P), one random patch per image → logits (N, 1)
        var (n, c, p) = (input.Size(0), input.Size(1), _options.Size);
        var patches = new float[n * c * p * p];
        for (var i = 0; i < n; i++)
        {
            var (top, left) = Draw(_trainDraws);
            Crop(input.Data, i, c, top, left, patches.AsSpan(i * c * p * p, c * p * p));
        }

        return _network.Forward(Tensor.Wrap(patches, n, c, p, p));
    }

    private Tensor ForwardEvaluation(Tensor input)
    {
        // x: (N, C, H, W) → patches (N·T, C, P, P) in chunks → logits (N·T) → one score per image → logits (N, 1)
        var (n, t) = (input.Size(0), _testOffsets.Length);
        var logits = new float[n * t];
        ScorePatches(input, 1, (j, views) => logits[j] = MeanLogit(views));
        var result = new float[n];
        for (var i = 0; i < n; i++)
        {
            var score = Score(logits.AsSpan(i * t, t), _options.Vote);
            result[i] = (float)Math.Log(score / (1 - score));
        }

        return Tensor.Wrap(result, n, 1);
    }

    private Tensor ForwardEvaluationMulticlass(Tensor input)
    {
        // x: (N, C, H, W) → patches (N·T, C, P, P) in chunks → probabilities (N·T, K) → per image (N, K) → log-probabilities (N, K)
        var (n, t, k) = (input.Size(0), _testOffsets.Length, Classes);
        var probabilities = new double[n * t * k];
        ScorePatches(input, k, (j, views) =>
        {
            var p = probabilities.AsSpan(j * k, k);
            var scratch = new double[k];
            for (var v = 0; v < views.Length / k; v++)
            {
                Softmax.Row(views.Slice(v * k, k), scratch);
                for (var c = 0; c < k; c++)
                {
                    p[c] += scratch[c] / (views.Length / k);
                }
            }
        });
        var result = new float[n * k];
        var image = new double[k];
        for (var i = 0; i < n; i++)
        {
            Array.Clear(image);
            for (var patch = 0; patch < t; patch++)
            {
                var p = probabilities.AsSpan(((i * t) + patch) * k, k);
                if (_options.Vote == PatchVote.Mean)
                {
                    for (var c = 0; c < k; c++)
                    {
                        image[c] += p[c] / t;
                    }
                }
                else
                {
                    image[ArgMax(p)]++;
                }
            }

            for (var c = 0; c < k; c++)
            {
                var score = _options.Vote == PatchVote.Mean ? Math.Max(image[c], 1e-6) : (image[c] + 0.5) / (t + (k / 2.0));
                result[(i * k) + c] = (float)Math.Log(score);
            }
        }

        return Tensor.Wrap(result, n, k);
    }

    /// <summary>
    /// Runs the patch network on every evaluation patch (and its views) of every image in chunks; gives
    /// <paramref name="patch"/> the index i·T + k of each patch with the outputs of its views (V × <paramref name="outputs"/> logits).
    /// </summary>
    private void ScorePatches(Tensor input, int outputs, Action<int, ReadOnlySpan<float>> patch)
    {
        var (n, c, p, t) = (input.Size(0), input.Size(1), _options.Size, _testOffsets.Length);
        var views = _options.DihedralTestAugment ? 8 : 1;
        var imagesPerChunk = Math.Max(1, PatchesPerChunk / (t * views));
        using (GradMode.NoGrad())
        {
            for (var start = 0; start < n; start += imagesPerChunk)
            {
                var count = Math.Min(imagesPerChunk, n - start);
                // Patch (i, k) in view v sits at ((i·T + k)·V + v): the views of one patch are adjacent.
                var size = c * p * p;
                var patches = new float[count * t * views * size];
                for (var i = 0; i < count; i++)
                {
                    for (var k = 0; k < t; k++)
                    {
                        var (top, left) = _testOffsets[k];
                        var first = ((i * t) + k) * views;
                        Crop(input.Data, start + i, c, top, left, patches.AsSpan(first * size, size));
                        for (var v = 1; v < views; v++)
                        {
                            var view = patches.AsSpan((first + v) * size, size);
                            patches.AsSpan(first * size, size).CopyTo(view);
                            Dihedral.Apply(view, p, p, v);
                        }
                    }
                }

                using var scope = TensorScope.Begin(everything: true);
                var output = _network.Forward(Tensor.Wrap(patches, count * t * views, c, p, p));
                if (output.Length != count * t * views * outputs)
                {
                    throw new InvalidOperationException($"the patch network must give {outputs} logit(s) per patch, got shape ({string.Join(", ", output.ShapeArray())}) for {count * t * views} patches");
                }

                for (var j = 0; j < count * t; j++)
                {
                    patch((start * t) + j, output.Data.Slice(j * views * outputs, views * outputs));
                }
            }
        }
    }

    private static int ArgMax(ReadOnlySpan<double> p)
    {
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>
    /// The score of one image from the logits of its patches (see the remarks of <see cref="PatchNetwork"/>); the
    /// majority vote counts a patch as positive when its probability is ≥ ½, i.e. its logit ≥ 0.
    /// </summary>
    public static double Score(ReadOnlySpan<float> patchLogits, PatchVote vote)
    {
        var n = patchLogits.Length;
        double votes = 0, sum = 0, max = 0;
        foreach (var z in patchLogits)
        {
            var probability = 1 / (1 + Math.Exp(-z));
            votes += z >= 0 ? 1 : 0;
            sum += probability;
            max = Math.Max(max, probability);
        }

        return vote switch
        {
            PatchVote.Mean => Math.Clamp(sum / n, 1e-6, 1 - 1e-6),
            PatchVote.Max => Math.Clamp(max, 1e-6, 1 - 1e-6),
            _ => (votes + 0.5) / (n + 1),
        };
    }

    /// <summary>The logit of the mean probability of a patch's views (the logit itself for one view).</summary>
    private static float MeanLogit(ReadOnlySpan<float> viewLogits)
    {
        if (viewLogits.Length == 1)
        {
            return viewLogits[0];
        }

        var mean = 0.0;
        foreach (var z in viewLogits)
        {
            mean += 1 / (1 + Math.Exp(-z));
        }

        mean = Math.Clamp(mean / viewLogits.Length, 1e-7, 1 - 1e-7);
        return (float)Math.Log(mean / (1 - mean));
    }

    /// <summary>The given evaluation corners, after checking their count and that every patch lies inside the image.</summary>
    private (int Top, int Left)[] Checked(IReadOnlyList<(int Top, int Left)> offsets)
    {
        if (offsets.Count != _options.TestPatches)
        {
            throw new ArgumentException($"expected {_options.TestPatches} test patch corners (options.TestPatches), got {offsets.Count}", nameof(offsets));
        }

        foreach (var (top, left) in offsets)
        {
            if (top < 0 || left < 0 || top > Height - _options.Size || left > Width - _options.Size)
            {
                throw new ArgumentOutOfRangeException(nameof(offsets), $"a {_options.Size}×{_options.Size} patch at ({top}, {left}) leaves the {Height}×{Width} image");
            }
        }

        return [.. offsets];
    }

    private (int Top, int Left) Draw(Generator generator) =>
        (generator.NextInt(Height - _options.Size + 1), generator.NextInt(Width - _options.Size + 1));

    /// <summary>Copies the P×P patch at (top, left) of every channel of image <paramref name="image"/> into <paramref name="destination"/>.</summary>
    private void Crop(ReadOnlySpan<float> images, int image, int channels, int top, int left, Span<float> destination)
    {
        var p = _options.Size;
        for (var ch = 0; ch < channels; ch++)
        {
            var plane = images.Slice(((image * channels) + ch) * Height * Width, Height * Width);
            for (var y = 0; y < p; y++)
            {
                plane.Slice(((top + y) * Width) + left, p).CopyTo(destination.Slice(((ch * p) + y) * p, p));
            }
        }
    }
}
