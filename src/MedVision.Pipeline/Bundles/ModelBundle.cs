using MedVision.Classical;
using MedVision.Classical.Persistence;
using MedVision.Data;
using MedVision.Evaluation;
using MedVision.Imaging;
using MedVision.Imaging.Features;
using MedVision.Imaging.Preprocessing;
using MedVision.Nn;
using MedVision.Nn.Patches;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Pipeline.Models;
using MedVision.Training;

namespace MedVision.Pipeline.Bundles;

/// <summary>
/// A trained model with everything needed to apply it to new images: a folder <c>&lt;name&gt;/</c> holding
/// <c>model.json</c> (<see cref="BundleManifest"/>) and either <c>weights.safetensors</c> (a CNN of the zoo, PyTorch
/// parameter names) or <c>pipeline.json</c> (the fitted scaler and classifier of a feature pipeline,
/// <see cref="EstimatorState"/>). An image is read as grey levels, passed through the recorded preprocessing chain,
/// resized to the recorded input size when it differs, then scaled (CNN) or turned into features; the score is the
/// probability of <c>ClassNames[1]</c>, exactly as the experiment scored its test images; a bundle of K ≥ 3 classes gives
/// the K class probabilities of each image instead (<see cref="ScoreColumns"/>, row-major). The CNN of a patch-trained
/// model (<see cref="BundleManifest.Patch"/>) takes patches: its bundle wraps it in a <see cref="PatchNetwork"/> that
/// scores each image by the vote of the recorded patch positions. A deep-feature model
/// (<see cref="BundleManifest.DeepFeaturesKind"/>) holds both files: the frozen zoo network whose pooled layers feed
/// the fitted pipeline, each image scored by the vote of its recorded patch positions (<see cref="DeepFeatureModel"/>).
/// </summary>
public sealed class ModelBundle
{
    /// <summary>File name of the manifest inside a bundle folder.</summary>
    public const string ManifestFile = "model.json";

    /// <summary>File name of a CNN's weights.</summary>
    public const string WeightsFile = "weights.safetensors";

    /// <summary>File name of a feature pipeline's fitted estimators.</summary>
    public const string PipelineFile = "pipeline.json";

    /// <summary>One <see cref="PixelFingerprint"/> per line: the images the model learnt from.</summary>
    public const string TrainingImagesFile = "training-images.txt";

    /// <summary>Bytes <see cref="TrainingImagesFile"/> may hold: 33 per image, for up to two million images.</summary>
    private const long MaxTrainingImagesBytes = 33L * 2_000_000;

    private const int BatchSize = 32;
    private readonly Module? _network;
    private readonly IImageFeatureExtractor? _extractor;
    private readonly IFittedClassifier? _pipeline;
    private readonly PreprocessChain? _chain;
    private readonly DeepFeatureModel? _deep;

    private ModelBundle(BundleManifest manifest, Module? network, IImageFeatureExtractor? extractor, IFittedClassifier? pipeline, PreprocessChain? chain,
        DeepFeatureModel? deep = null)
    {
        Manifest = manifest;
        _network = network;
        _extractor = extractor;
        _pipeline = pipeline;
        _chain = chain;
        _deep = deep;
    }

    public BundleManifest Manifest { get; }

    /// <summary>Whether the model tells three or more classes apart (its scores are K probabilities per image).</summary>
    public bool IsMulticlass => Manifest.ClassNames.Count > 2;

    /// <summary>A CNN bundle over <paramref name="network"/> (used as is, in eval mode).</summary>
    public static ModelBundle ForNetwork(BundleManifest manifest, Module network) =>
        new(manifest, network, null, null, Chain(manifest.Input, ManifestFile));

    /// <summary>A feature-pipeline bundle: <paramref name="extractor"/> then <paramref name="pipeline"/> (scaler → classifier).</summary>
    public static ModelBundle ForFeatures(BundleManifest manifest, IImageFeatureExtractor extractor, IFittedClassifier pipeline) =>
        new(manifest, null, extractor, pipeline, Chain(manifest.Input, ManifestFile));

    /// <summary>A deep-feature bundle: <paramref name="model"/>'s frozen network, pooled layers, pipeline and patch vote.</summary>
    public static ModelBundle ForDeepFeatures(BundleManifest manifest, DeepFeatureModel model) =>
        new(manifest, null, null, model.Pipeline, Chain(manifest.Input, ManifestFile), model);

    /// <summary>
    /// An image as the model sees it before scaling: grey levels, the preprocessing chain, then a bilinear resize to
    /// the input size when it differs (<see cref="InputSpec.Prepare"/>, as the experiment's CNN recipe).
    /// </summary>
    public Image Prepare(Image image) => Manifest.Input.Prepare(image, _chain);

    /// <summary>An image as the experiment's image store held it: grey levels and the preprocessing chain.</summary>
    internal Image Preprocessed(Image image) => Manifest.Input.Preprocessed(image, _chain);

    /// <summary>
    /// <see cref="PixelFingerprint"/>s of the images the model learnt from (training and validation), kept in
    /// <see cref="TrainingImagesFile"/>; null for bundles saved without them.
    /// </summary>
    public IReadOnlySet<string>? TrainingImages { get; private init; }

    /// <summary>This bundle with <paramref name="fingerprints"/> as <see cref="TrainingImages"/>.</summary>
    internal ModelBundle WithTrainingImages(IEnumerable<string> fingerprints) =>
        new(Manifest, _network, _extractor, _pipeline, _chain, _deep) { TrainingImages = new HashSet<string>(fingerprints, StringComparer.Ordinal) };

    /// <summary>
    /// Which of <paramref name="images"/> (as read from their files) hold the pixels of an image the model learnt from:
    /// their positions, empty when none do or the bundle keeps no fingerprints.
    /// </summary>
    public IReadOnlyList<int> SeenInTraining(IReadOnlyList<Image> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (TrainingImages is not { Count: > 0 } seen)
        {
            return [];
        }

        return [.. Enumerable.Range(0, images.Count).Where(i => seen.Contains(PixelFingerprint.Of(Preprocessed(images[i]))))];
    }

    /// <summary>A grey, preprocessed image (as the experiment's image store holds them) resized to the input size when it differs.</summary>
    internal Image Resized(Image image) => Manifest.Input.Resize(image);

    /// <summary>
    /// The score (probability of <c>ClassNames[1]</c>) of each image, prepared by <see cref="Prepare"/>; K-class bundles:
    /// the K class probabilities of each image, row-major.
    /// </summary>
    public double[] PredictProba(IReadOnlyList<Image> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return PredictPrepared([.. images.Select(Prepare)]);
    }

    /// <summary>
    /// The decided class of each image with its probability, every class's probability and the calibrated
    /// probability (<see cref="Prediction"/>); the images are prepared as <see cref="Prepare"/> says.
    /// </summary>
    public IReadOnlyList<Prediction> Predict(IReadOnlyList<Image> images)
    {
        var scores = PredictProba(images);
        var names = Manifest.ClassNames;
        var k = ScoreColumns.Of(names.Count);
        var predictions = new Prediction[images.Count];
        for (var i = 0; i < predictions.Length; i++)
        {
            if (IsMulticlass)
            {
                var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
                for (var c = 0; c < k; c++)
                {
                    probabilities[names[c]] = scores[(i * k) + c];
                }

                var index = MulticlassMetricEstimates.PredictedClass(scores, k, i);
                var label = names[index];
                predictions[i] = new Prediction(label, probabilities[label], probabilities, Calibrated(scores.AsSpan(i * k, k))[index]);
                continue;
            }

            var score = scores[i];
            var positive = Label(score) == names[1];
            var calibrated = Calibrated(score);
            predictions[i] = new Prediction(Label(score), positive ? score : 1 - score,
                new Dictionary<string, double>(StringComparer.Ordinal) { [names[0]] = 1 - score, [names[1]] = score },
                positive ? calibrated : 1 - calibrated);
        }

        return predictions;
    }

    /// <summary>The prediction of one image (<see cref="Predict(IReadOnlyList{Image})"/>).</summary>
    public Prediction Predict(Image image) => Predict([image])[0];

    /// <summary>Scores of images already prepared (same size, grey levels, chain applied); a CNN scales and normalises them by <see cref="BundleManifest.Input"/>.</summary>
    public double[] PredictPrepared(IReadOnlyList<Image> prepared)
    {
        if (prepared.Count == 0)
        {
            return [];
        }

        var k = Manifest.ClassNames.Count;
        if (_network is not null)
        {
            var set = Manifest.Input.Tensors(prepared, new int[prepared.Count]);
            return new Trainer(_network, new TrainerOptions { BatchSize = BatchSize, Classes = IsMulticlass ? k : 0, Loss = new LossFactory.BinaryCrossEntropy().ForClasses(k) }).PredictProba(set);
        }

        if (_deep is not null)
        {
            return _deep.Score(prepared);
        }

        var floats = FeatureExtraction.ExtractBatch(_extractor!, prepared);
        var x = new FeatureMatrix(floats.Rows, floats.Columns, Array.ConvertAll(floats.Data, v => (double)v));
        var p = _pipeline!.PredictProba(x);
        if (IsMulticlass)
        {
            // Column c is class c; a class the pipeline never saw in training scores 0.
            var columns = Enumerable.Range(0, k).Select(c => _pipeline.Classes.ToList().IndexOf(c)).ToArray();
            return [.. Enumerable.Range(0, p.Rows).SelectMany(i => columns.Select(j => j < 0 ? 0 : p[i, j]))];
        }

        var positive = _pipeline.Classes.ToList().IndexOf(1);
        return [.. Enumerable.Range(0, p.Rows).Select(i => positive < 0 ? 0 : p[i, positive])];
    }

    /// <summary>Whether the bundle holds a CNN (feature pipelines have no convolution to explain).</summary>
    public bool IsNetwork => _network is not null;

    /// <summary>
    /// The CNN as it takes input tensors (for export): the zoo network, built for the input size — or for a
    /// patch-trained model the patch classifier alone, built for <see cref="PatchSpec.Size"/>² patches, without the
    /// vote over patches; null for feature pipelines.
    /// </summary>
    public Module? Network => _network is PatchNetwork patches ? patches.Network : _network;

    /// <summary>
    /// Whether <see cref="GradCam"/> can explain the bundle's scores: a CNN that takes whole images. Feature pipelines
    /// have no convolution, and a patch-trained CNN's score is a vote over patches, for which no single map is defined.
    /// </summary>
    public bool CanExplain => _network is not null && Manifest.Patch is null;

    /// <summary>
    /// Where the network looked when it scored <paramref name="image"/>: the Grad-CAM map (<see cref="Nn.Explain.GradCam"/>:
    /// the logit of <c>ClassNames[1]</c>, or of the most probable class for K ≥ 3, at the last convolution) of the image as <see cref="Prepare"/> gives it to the
    /// network, resized bilinearly from the input size back to <paramref name="image"/>'s own height × width.
    /// Returns height·width values in [0, 1], row-major.
    /// </summary>
    /// <exception cref="InvalidOperationException">The bundle is a feature pipeline or a patch-trained CNN (<see cref="CanExplain"/> is false).</exception>
    public float[] GradCam(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_deep is not null)
        {
            throw new InvalidOperationException($"model '{Manifest.Name}' is a deep-feature model (frozen {Manifest.Architecture} features, a fitted classifier and a vote " +
                $"of {_deep.TestOffsets.Count} patches); Grad-CAM needs a CNN bundle that takes whole images");
        }

        if (_network is null)
        {
            throw new InvalidOperationException($"model '{Manifest.Name}' is a feature pipeline ({Manifest.Features?.Extractor}); Grad-CAM needs a CNN bundle");
        }

        if (Manifest.Patch is { } patch)
        {
            throw new InvalidOperationException($"model '{Manifest.Name}' scores an image by the {patch.Options().VoteName} vote of {patch.TestOffsets.Count} " +
                $"{patch.Size}×{patch.Size} patches; Grad-CAM needs a CNN bundle that takes whole images");
        }

        var prepared = Prepare(image);
        // x: (1, C, h, w) → CAM (1, h, w) → image.Height × image.Width
        var input = Manifest.Input.Tensor([prepared]);
        // K classes: the map of the most probable class's logit.
        var cam = (IsMulticlass
            ? Nn.Explain.GradCam.Compute(_network, input, new Nn.Explain.GradCamOptions { OutputIndex = Experiments.MulticlassEvaluation.ArgMax(PredictPrepared([prepared]), Manifest.ClassNames.Count, 0) })
            : Nn.Explain.GradCam.Compute(_network, input)).Cam;
        var map = new Image(1, prepared.Height, prepared.Width, cam.Data.ToArray());
        var full = map.Height == image.Height && map.Width == image.Width ? map : Resize.Apply(map, image.Height, image.Width);
        return [.. full.Data.Select(v => Math.Clamp(v, 0f, 1f))];
    }

    /// <summary>
    /// K-class bundles: the temperature-scaled class probabilities of one image's <paramref name="probabilities"/>
    /// (<see cref="BundleManifest.Temperature"/>), or a copy of them when the bundle has no temperature.
    /// </summary>
    public double[] Calibrated(ReadOnlySpan<double> probabilities) =>
        Manifest.Temperature is { } t ? TemperatureScaling.Scale(probabilities, t.Temperature, probabilities.Length) : probabilities.ToArray();

    /// <summary>The calibrated probability of a score (the score itself when the bundle has no calibration).</summary>
    public double Calibrated(double score) =>
        Manifest.Calibration is { } c ? new FittedPlatt(c.A, c.B).Predict(score) : score;

    /// <summary>The class name a score is given at the bundle's threshold.</summary>
    public string Label(double score) => Manifest.ClassNames[score >= Manifest.Threshold ? 1 : 0];

    /// <summary>K-class bundles: the name of the most probable class (first of tied maxima) of one image's K probabilities.</summary>
    public string Label(ReadOnlySpan<double> probabilities)
    {
        if (probabilities.Length != Manifest.ClassNames.Count)
        {
            throw new ArgumentException($"expected {Manifest.ClassNames.Count} probabilities (one per class), got {probabilities.Length}", nameof(probabilities));
        }

        return Manifest.ClassNames[Experiments.MulticlassEvaluation.ArgMax(probabilities, probabilities.Length, 0)];
    }

    /// <summary>
    /// Writes the bundle to <paramref name="folder"/>: first into a sibling temporary folder, which then replaces
    /// <paramref name="folder"/>, so a crash never leaves a half-written bundle under the final name.
    /// </summary>
    public void Save(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp");
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }

        Directory.CreateDirectory(temporary);
        if (_network is not null || _deep is not null)
        {
            SafeTensors.Write(Path.Combine(temporary, WeightsFile), (_network ?? _deep!.Extractor.Network).StateDict());
        }

        if (_network is null)
        {
            File.WriteAllText(Path.Combine(temporary, PipelineFile), EstimatorState.ToJson(_pipeline!));
        }

        File.WriteAllText(Path.Combine(temporary, ManifestFile), Manifest.ToJson());
        if (TrainingImages is not null)
        {
            File.WriteAllText(Path.Combine(temporary, TrainingImagesFile), string.Concat(TrainingImages.Order(StringComparer.Ordinal).Select(f => f + "\n")));
        }
        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }

        Directory.Move(temporary, full);
    }

    /// <summary>
    /// Reads the bundle in <paramref name="folder"/> and checks it: manifest fields (with the patch object of a
    /// patch-trained CNN), the architecture against the zoo, the weights against the architecture (names and shapes),
    /// the pipeline's fields and its feature count against the extractor's. Every problem is a
    /// <see cref="BundleFormatException"/> naming the file and the field.
    /// </summary>
    public static ModelBundle Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new BundleFormatException(folder, string.Empty, "no such bundle folder");
        }

        var manifestPath = Path.Combine(folder, ManifestFile);
        var manifest = BundleManifest.Read(ReadText(manifestPath), manifestPath);
        var chain = Chain(manifest.Input, manifestPath);
        if (manifest.Kind == "cnn")
        {
            return new ModelBundle(manifest, LoadNetwork(folder, manifest, manifestPath), null, null, chain) { TrainingImages = ReadTrainingImages(folder) };
        }

        if (manifest.Kind == BundleManifest.DeepFeaturesKind)
        {
            var deep = LoadDeepFeatures(folder, manifest, manifestPath);
            return new ModelBundle(manifest, null, null, deep.Pipeline, chain, deep) { TrainingImages = ReadTrainingImages(folder) };
        }

        var extractor = FeatureExtractorState.Create(manifest.Features!, manifestPath);
        if (manifest.Input is { Height: { } h, Width: { } w } && extractor.FeatureCount(h, w) != manifest.Features!.FeatureCount)
        {
            throw new BundleFormatException(manifestPath, "features.feature_count",
                $"the extractor gives {extractor.FeatureCount(h, w)} features at {h}×{w}, the manifest says {manifest.Features.FeatureCount}");
        }

        return new ModelBundle(manifest, null, extractor, ReadPipeline(folder, manifest), chain) { TrainingImages = ReadTrainingImages(folder) };
    }

    /// <summary>The fitted pipeline of <see cref="PipelineFile"/>, checked against the manifest's feature count and classes.</summary>
    private static IFittedClassifier ReadPipeline(string folder, BundleManifest manifest)
    {
        var pipelinePath = Path.Combine(folder, PipelineFile);
        IFittedClassifier pipeline;
        try
        {
            pipeline = EstimatorState.FromJson(ReadText(pipelinePath), pipelinePath);
        }
        catch (EstimatorFormatException e)
        {
            throw new BundleFormatException(pipelinePath, e.Field, e.Detail, e);
        }

        if (pipeline.FeatureCount != manifest.Features!.FeatureCount)
        {
            throw new BundleFormatException(pipelinePath, "model.feature_count",
                $"the pipeline takes {pipeline.FeatureCount} features, the extractor gives {manifest.Features.FeatureCount}");
        }

        var k = manifest.ClassNames.Count;
        if (k == 2 ? !pipeline.Classes.Contains(1) : pipeline.Classes.Any(c => c < 0 || c >= k))
        {
            throw new BundleFormatException(pipelinePath, "model.classes",
                k == 2 ? $"expected the labels 0 and 1, got [{string.Join(", ", pipeline.Classes)}]" : $"expected labels in 0 … {k - 1} (class_names), got [{string.Join(", ", pipeline.Classes)}]");
        }

        return pipeline;
    }

    /// <summary>
    /// The deep-feature model of a <see cref="BundleManifest.DeepFeaturesKind"/> bundle: the zoo network at the patch (or
    /// network input) size with its weights, the pooled layers of <c>features.settings</c> (their widths must add up
    /// to <c>features.feature_count</c>), the pipeline and the patch positions.
    /// </summary>
    private static DeepFeatureModel LoadDeepFeatures(string folder, BundleManifest manifest, string manifestPath)
    {
        if (manifest.ClassNames.Count != 2)
        {
            throw new BundleFormatException(manifestPath, "class_names", $"a {BundleManifest.DeepFeaturesKind} bundle has two classes, got {manifest.ClassNames.Count}");
        }

        var spec = manifest.Features!;
        if (spec.Extractor != DeepFeatureModel.ExtractorName)
        {
            throw new BundleFormatException(manifestPath, "features.extractor", $"a {BundleManifest.DeepFeaturesKind} bundle's extractor is {DeepFeatureModel.ExtractorName}, got '{spec.Extractor}'");
        }

        string[] layers;
        int? networkSize;
        try
        {
            var s = StateReader.Root(spec.Settings, manifestPath, "features.settings");
            layers = s.Strings("layers");
            networkSize = s.Has("network_size") ? s.Int("network_size", min: 1) : null;
        }
        catch (EstimatorFormatException e)
        {
            throw new BundleFormatException(manifestPath, e.Field, e.Detail, e);
        }

        var patch = manifest.Patch!;
        var side = networkSize ?? patch.Size;
        var network = ZooNetwork(manifest, manifest.Input.Channels, side, side, outputs: 1, manifestPath, networkSize is null ? "patch.size" : "features.settings.network_size");
        LoadWeights(folder, network, $"{manifest.Architecture} at {manifest.Input.Channels}×{side}×{side}");
        DeepFeatureNetwork extractor;
        try
        {
            extractor = new DeepFeatureNetwork(network, layers, networkSize);
        }
        catch (ArgumentException e)
        {
            throw new BundleFormatException(manifestPath, "features.settings.layers", e.Message, e);
        }

        var widths = extractor.Extract(new float[manifest.Input.Channels * patch.Size * patch.Size], 1, manifest.Input.Channels, patch.Size).Widths.Sum();
        if (widths != spec.FeatureCount)
        {
            throw new BundleFormatException(manifestPath, "features.feature_count", $"the layers [{string.Join(", ", layers)}] pool {widths} features, the manifest says {spec.FeatureCount}");
        }

        return new DeepFeatureModel(manifest.Architecture!, manifest.Input, extractor, ReadPipeline(folder, manifest), patch.Options(), patch.TestOffsets);
    }

    /// <summary>The fingerprints in <see cref="TrainingImagesFile"/>, or null when the bundle has none (bundles of earlier versions).</summary>
    private static HashSet<string>? ReadTrainingImages(string folder)
    {
        var path = Path.Combine(folder, TrainingImagesFile);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        if (file.Length > MaxTrainingImagesBytes)
        {
            throw new BundleFormatException(path, string.Empty, $"{file.Length} bytes; at most {MaxTrainingImagesBytes} (two million fingerprints) are read");
        }

        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (!PixelFingerprint.IsWellFormed(text))
            {
                throw new BundleFormatException(path, $"line {line}", "expected a fingerprint of 32 lower-case hex digits");
            }

            fingerprints.Add(text);
        }

        return fingerprints;
    }

    private static Module LoadNetwork(string folder, BundleManifest manifest, string manifestPath)
    {
        // A patch-trained network is built for its square patches and wrapped to score whole images by their vote.
        var patch = manifest.Patch;
        var (height, width) = patch is null ? (manifest.Input.Height!.Value, manifest.Input.Width!.Value) : (patch.Size, patch.Size);
        var network = ZooNetwork(manifest, manifest.Input.Channels, height, width, ScoreColumns.Of(manifest.ClassNames.Count), manifestPath, patch is null ? "input" : "patch.size");
        if (patch is not null)
        {
            network = new PatchNetwork(network, patch.ImageHeight, patch.ImageWidth, patch.Options(), patch.TestOffsets, manifest.ClassNames.Count);
        }

        LoadWeights(folder, network, $"{manifest.Architecture} at {manifest.Input.Channels}×{height}×{width}");
        network.Eval();
        return network;
    }

    /// <summary>The manifest's zoo architecture built for a C×H×W input; unknown names and sizes it cannot take are errors naming <paramref name="sizeField"/>.</summary>
    private static Module ZooNetwork(BundleManifest manifest, int channels, int height, int width, int outputs, string manifestPath, string sizeField)
    {
        var architecture = manifest.Architecture!;
        if (!ModelZoo.All.Any(e => e.Name == architecture))
        {
            throw new BundleFormatException(manifestPath, "architecture",
                $"unknown architecture '{architecture}'; known: {string.Join(", ", ModelZoo.All.Select(e => e.Name))}");
        }

        try
        {
            return ModelZoo.Create(architecture, channels, height, width, outputs);
        }
        catch (ArgumentException e)
        {
            throw new BundleFormatException(manifestPath, sizeField, $"{architecture} cannot take a {channels}×{height}×{width} input: {e.Message}", e);
        }
    }

    /// <summary>Loads <see cref="WeightsFile"/> into <paramref name="network"/> (<paramref name="what"/> names it in errors).</summary>
    private static void LoadWeights(string folder, Module network, string what)
    {
        var weightsPath = Path.Combine(folder, WeightsFile);
        if (!File.Exists(weightsPath))
        {
            throw new BundleFormatException(weightsPath, string.Empty, "missing");
        }

        WeightDict weights;
        try
        {
            weights = SafeTensors.Read(weightsPath);
        }
        catch (WeightFormatException e)
        {
            throw new BundleFormatException(weightsPath, string.Empty, e.Message, e);
        }

        try
        {
            network.LoadStateDict(weights);
        }
        catch (ArgumentException e)
        {
            throw new BundleFormatException(weightsPath, string.Empty, $"does not fit {what}: {e.Message}", e);
        }
    }

    private static PreprocessChain? Chain(InputSpec input, string file)
    {
        try
        {
            return input.Chain();
        }
        catch (PreprocessChainException e)
        {
            throw new BundleFormatException(file, "input.preprocess", e.Message, e);
        }
    }

    private static string ReadText(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new BundleFormatException(path, string.Empty, "missing");
}
