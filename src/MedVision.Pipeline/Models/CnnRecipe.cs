using MedVision.Data;
using MedVision.Nn;
using MedVision.Nn.Onnx;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Pipeline.Experiments;
using MedVision.Tensors;
using MedVision.Training;

namespace MedVision.Pipeline.Models;

/// <summary>
/// A convolutional network from the zoo, trained on each fold by the <see cref="Trainer"/>: weights initialised from
/// the fold's seed (or loaded from a weights file, with head replacement), early stopping on the fold's validation
/// images, test images scored once at the end. Grey-level inputs are scaled by 1/255 (or by 1/max for data beyond
/// 8 bits). With a checkpoint folder in the fold, training resumes from its checkpoint and a finished fold is
/// recorded there (<see cref="FinishedFold"/>), so a rerun skips it.
/// </summary>
public sealed class CnnRecipe : IModelRecipe
{
    private readonly TrainerOptions _options;
    private readonly ZooInit _init;
    private readonly int? _inputSize;
    private readonly Action<Span<float>, int, int, Generator>? _augment;
    private readonly IProgress<EpochReport>? _epochs;
    private readonly string? _weights;
    private readonly IReadOnlyList<float>? _mean;
    private readonly IReadOnlyList<float>? _std;

    /// <param name="name">The zoo architecture; built for the images' channels and size with one output logit (two classes) or K (K classes, softmax).</param>
    /// <param name="options">Trainer settings; the seed is replaced by each fold's.</param>
    /// <param name="inputSize">Square size the images are resized to; null keeps theirs.</param>
    /// <param name="augment">Transforms one (1, H, W) training sample in place; null for none.</param>
    /// <param name="epochs">Receives a report after every epoch.</param>
    /// <param name="weights">Safetensors, PyTorch or ONNX (<see cref="OnnxImport"/>) file to start from instead of random weights; null for none.</param>
    /// <param name="mean">Per-channel mean subtracted from the scaled input (<see cref="InputSpec.Mean"/>); null for none.</param>
    /// <param name="std">Per-channel deviation the input is divided by after the mean; null for none.</param>
    /// <param name="init">How the zoo network's initial weights are drawn (<see cref="ZooInit"/>).</param>
    public CnnRecipe(string name, TrainerOptions options, int? inputSize = null,
        Action<Span<float>, int, int, Generator>? augment = null, IProgress<EpochReport>? epochs = null, string? weights = null,
        IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null, ZooInit init = ZooInit.Reference)
    {
        _init = init;
        _mean = mean;
        _std = std;
        _weights = weights;
        Name = name;
        _options = options;
        _inputSize = inputSize;
        _augment = augment;
        _epochs = epochs;
    }

    public string Name { get; }

    public string Kind => "cnn";

    public FoldRun RunFold(ImageStore store, FoldData fold, IProgress<string>? progress = null)
    {
        var inputs = new NetworkInputs(store, Name, _inputSize, _mean, _std);
        TensorSet Set(int[] indices) => inputs.Set(indices);
        var first = inputs.Images[0];
        Module.ManualSeed((ulong)fold.Seed);
        var classes = store.Dataset.ClassNames.Count;
        var model = ModelZoo.Create(Name, new ModelSpec { InChannels = first.Channels, Height = first.Height, Width = first.Width, Outputs = ScoreColumns.Of(classes), Seed = (ulong)fold.Seed, Init = _init });
        if (_weights is not null)
        {
            LoadWeights(model, Name, _weights);
        }

        var trainer = new Trainer(model, _options with { Seed = fold.Seed, CheckpointDirectory = fold.CheckpointDirectory, Classes = classes > 2 ? classes : 0, Loss = _options.Loss.ForClasses(classes) });
        var train = Set(fold.Train);
        var validation = fold.Validation.Length > 0 ? Set(fold.Validation) : null;
        Action<Span<float>, Generator>? augment = _augment is null ? null : (sample, g) => _augment(sample, first.Height, first.Width, g);
        var network = new TrainedNetwork(model, Name, inputs.Input);
        var fingerprint = trainer.Fingerprint(train, validation, augment is not null);
        if (fold.CheckpointDirectory is { } folder && FinishedFold.TryRead(folder, fingerprint) is { } done)
        {
            model.LoadStateDict(done.Weights);
            model.Eval();
            progress?.Report($"{Name} fold {fold.Index + 1}: already trained ({Path.Combine(folder, FinishedFold.FileName)})");
            return new FoldRun(done.TestScores, done.History, network) { ValidationScores = ValidationScores(trainer, validation, fold) };
        }

        if (File.Exists(trainer.CheckpointPath))
        {
            progress?.Report($"{Name} fold {fold.Index + 1}: resuming from {trainer.CheckpointPath}");
        }

        var history = trainer.Fit(train, validation, augment, _epochs);
        progress?.Report($"{Name} fold {fold.Index + 1}: best epoch {history.BestEpoch + 1} of {history.TrainLoss.Count}");
        // A refit on all images has no test part.
        var scores = fold.Test.Length == 0 ? [] : trainer.PredictProba(Set(fold.Test));
        if (fold.CheckpointDirectory is { } directory)
        {
            FinishedFold.Write(directory, fingerprint, scores, history, model.StateDict());
            File.Delete(trainer.CheckpointPath!);
        }

        return new FoldRun(scores, history, network) { ValidationScores = ValidationScores(trainer, validation, fold) };
    }

    /// <summary>The validation images' scores when the fold asks for them (early stopping only picked the epoch with them).</summary>
    internal static double[]? ValidationScores(Trainer trainer, TensorSet? validation, FoldData fold) =>
        !fold.ScoreValidation ? null : validation is null ? [] : trainer.PredictProba(validation);

    /// <summary>
    /// Loads the safetensors, PyTorch or ONNX file <paramref name="path"/> into <paramref name="model"/>, the zoo
    /// network <paramref name="name"/> (first convolution adapted, head of another shape left fresh).
    /// </summary>
    internal static void LoadWeights(Module model, string name, string path)
    {
        try
        {
            var weights = path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
                ? OnnxImport.Import(OnnxReader.Read(path), ModelZoo.Get(name)).Weights
                : path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? SafeTensors.Read(path)
                : PyTorchCheckpoint.Load(path);
            Transfer.LoadPretrained(model, ModelZoo.Get(name), weights);
        }
        catch (ArgumentException e)
        {
            throw new ExperimentConfigException($"model {name}: weights {path}: {e.Message}");
        }
    }
}
