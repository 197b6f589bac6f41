using MedVision.Data;
using MedVision.Nn;
using MedVision.Nn.Patches;
using MedVision.Nn.Zoo;
using MedVision.Pipeline.Experiments;
using MedVision.Tensors;
using MedVision.Training;

namespace MedVision.Pipeline.Models;

/// <summary>
/// seeds/002's patch training: a zoo network built for <see cref="PatchOptions.Size"/> square patches is trained by
/// the <see cref="Trainer"/> on fresh random patches of every training image each epoch (after the image's
/// augmentation), and validated and tested per image by the vote of a fixed, seeded set of patches
/// (<see cref="PatchNetwork"/>). The runner receives one score per test image, so results stay image-wise (ROI-wise).
/// Grey-level inputs are scaled by 1/255 (or by 1/max for data beyond 8 bits), as <see cref="CnnRecipe"/>.
/// </summary>
public sealed class PatchRecipe : IModelRecipe
{
    private readonly TrainerOptions _options;
    private readonly ZooInit _init;
    private readonly PatchOptions _patches;
    private readonly int? _inputSize;
    private readonly Action<Span<float>, int, int, Generator>? _augment;
    private readonly IProgress<EpochReport>? _epochs;
    private readonly string? _weights;
    private readonly IReadOnlyList<float>? _mean;
    private readonly IReadOnlyList<float>? _std;

    /// <param name="name">The zoo architecture; built for patches of the images' channels with one output logit (two classes) or K (K classes).</param>
    /// <param name="options">Trainer settings; the seed is replaced by each fold's.</param>
    /// <param name="patches">Patch size, counts and vote; the seed is replaced by each fold's.</param>
    /// <param name="inputSize">Square size the images are resized to before patches are cut; null keeps theirs.</param>
    /// <param name="augment">Transforms one (1, H, W) training image in place, before its patch is cut; null for none.</param>
    /// <param name="epochs">Receives a report after every epoch.</param>
    /// <param name="weights">Safetensors, PyTorch or ONNX file the patch network starts from instead of random weights; null for none.</param>
    /// <param name="mean">Per-channel mean subtracted from the scaled input (<see cref="InputSpec.Mean"/>); null for none.</param>
    /// <param name="std">Per-channel deviation the input is divided by after the mean; null for none.</param>
    /// <param name="init">How the zoo network's initial weights are drawn (<see cref="ZooInit"/>).</param>
    public PatchRecipe(string name, TrainerOptions options, PatchOptions patches, int? inputSize = null,
        Action<Span<float>, int, int, Generator>? augment = null, IProgress<EpochReport>? epochs = null, string? weights = null,
        IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null, ZooInit init = ZooInit.Reference)
    {
        _init = init;
        _mean = mean;
        _std = std;
        patches.Validate();
        Name = name;
        _options = options;
        _patches = patches;
        _inputSize = inputSize;
        _augment = augment;
        _epochs = epochs;
        _weights = weights;
    }

    public string Name { get; }

    public string Kind => "cnn";

    /// <summary>
    /// True: the bundle holds the zoo network's weights and, in <c>model.json</c>'s <c>patch</c> object, the patch
    /// size, image size, test patch positions, vote, test-time augmentation and seed (<see cref="Bundles.PatchSpec"/>).
    /// </summary>
    public bool CanBundle => true;

    public FoldRun RunFold(ImageStore store, FoldData fold, IProgress<string>? progress = null)
    {
        var inputs = new NetworkInputs(store, Name, _inputSize, _mean, _std);
        var first = inputs.Images[0];
        if (_patches.Size > first.Height || _patches.Size > first.Width)
        {
            throw new ExperimentConfigException($"model {Name}: patch_size {_patches.Size} exceeds the {first.Height}×{first.Width} images of {store.Dataset.Root}");
        }

        TensorSet Set(IEnumerable<int> indices) => inputs.Set(indices);
        Module.ManualSeed((ulong)fold.Seed);
        var classes = store.Dataset.ClassNames.Count;
        var network = ModelZoo.Create(Name, new ModelSpec { InChannels = first.Channels, Height = _patches.Size, Width = _patches.Size, Outputs = ScoreColumns.Of(classes), Seed = (ulong)fold.Seed, Init = _init });
        if (_weights is not null)
        {
            CnnRecipe.LoadWeights(network, Name, _weights);
        }

        PatchNetwork model;
        try
        {
            model = new PatchNetwork(network, first.Height, first.Width, _patches with { Seed = (ulong)fold.Seed }, classes: classes);
        }
        catch (ArgumentException e)
        {
            throw new ExperimentConfigException($"model {Name}: {e.Message}");
        }

        var trainer = new Trainer(model, _options with { Seed = fold.Seed, Classes = classes > 2 ? classes : 0, Loss = _options.Loss.ForClasses(classes) });

        // Each training image appears PatchesPerEpoch times per epoch; every appearance gets its own random patch.
        var patchesOf = PatchesPerEpoch(fold.Train.Select(i => store.Dataset.Samples[i].Label).ToArray());
        var train = Set(fold.Train.SelectMany(i => Enumerable.Repeat(i, patchesOf[store.Dataset.Samples[i].Label])));
        var validation = fold.Validation.Length > 0 ? Set(fold.Validation) : null;
        Action<Span<float>, Generator>? augment = _augment is null ? null : (sample, g) => _augment(sample, first.Height, first.Width, g);
        var history = trainer.Fit(train, validation, augment, _epochs);
        progress?.Report($"{Name} fold {fold.Index + 1}: best epoch {history.BestEpoch + 1} of {history.TrainLoss.Count}, " +
            $"{_patches.TestPatches} patches of {_patches.Size}×{_patches.Size} per image");
        // A refit on all images (the bundle's) has no test part.
        var scores = fold.Test.Length == 0 ? [] : trainer.PredictProba(Set(fold.Test));
        var validationScores = CnnRecipe.ValidationScores(trainer, validation, fold);
        model.Eval();
        return new FoldRun(scores, history, PatchModel: new TrainedPatchNetwork(model, Name, inputs.Input)) { ValidationScores = validationScores };
    }

    /// <summary>Training patches per image and epoch for each label (index = label), balanced when asked.</summary>
    public IReadOnlyList<int> PatchesPerEpoch(IReadOnlyList<int> trainLabels)
    {
        var counts = new int[trainLabels.Count == 0 ? 1 : trainLabels.Max() + 1];
        foreach (var label in trainLabels)
        {
            counts[label]++;
        }

        var largest = counts.Max();
        return [.. counts.Select(n => _patches.BalanceClasses && n > 0
            ? Math.Max(1, (int)Math.Round(_patches.TrainPatches * (double)largest / n, MidpointRounding.AwayFromZero))
            : _patches.TrainPatches)];
    }
}
