using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
using MedVision.Evaluation;
using MedVision.Nn.Patches;
using MedVision.Pipeline.Models;

namespace MedVision.Pipeline.Bundles;

/// <summary>
/// The contents of a bundle's <c>model.json</c>: what the model is, how an image becomes its input, how its score
/// becomes a label, and where it came from. Keys are snake_case; <see cref="Read"/> checks every field.
/// </summary>
public sealed record BundleManifest
{
    /// <summary>Marker in the <c>format</c> field.</summary>
    public const string FormatName = "medvision-model-bundle";

    /// <summary>Layout version of bundles without a <c>patch</c> object; loading refuses versions other than this and <see cref="PatchFormatVersion"/>.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Layout version of the bundles of patch-trained networks (with a <c>patch</c> object). A reader of version 1 alone
    /// would skip the object and score whole images with the patch classifier, so these bundles carry a version it refuses.
    /// </summary>
    public const int PatchFormatVersion = 2;

    /// <summary>
    /// Layout version of bundles whose input is normalised per channel (<c>input.mean</c> and <c>input.std</c>); a
    /// reader of an earlier version would skip them and feed the network unnormalised values. Includes version 2.
    /// </summary>
    public const int NormalizedFormatVersion = 3;

    /// <summary>The oldest layout version that holds everything this manifest uses (1 unless patches or a normalisation need more).</summary>
    public int RequiredFormatVersion => Input.IsNormalized ? NormalizedFormatVersion : Patch is null ? FormatVersion : PatchFormatVersion;

    /// <summary>The model's name in the experiment (<c>seed-cnn</c>, <c>wavelet-rf</c>); also the bundle folder's name.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// <c>cnn</c> (weights in <c>weights.safetensors</c>), <c>features</c> (fitted pipeline in <c>pipeline.json</c>) or
    /// <c>deep-features</c> (<see cref="DeepFeaturesKind"/>: both files, a frozen network's pooled features feeding the pipeline).
    /// </summary>
    public required string Kind { get; init; }

    /// <summary>The kind of a frozen zoo network's pooled block features fed to a fitted pipeline, image by image the vote of its patches.</summary>
    public const string DeepFeaturesKind = "deep-features";

    /// <summary>The zoo architecture of a CNN or of a deep-feature model's frozen network; null for feature pipelines.</summary>
    public string? Architecture { get; init; }

    /// <summary>
    /// The feature extractor of a feature pipeline, or of a deep-feature model (<c>pooled-layers</c>: the pooled
    /// layers and the network input size in its settings); null for CNNs.
    /// </summary>
    public FeatureSpec? Features { get; init; }

    /// <summary>
    /// How a patch-trained CNN or a deep-feature model scores an image from its patches; null for networks that take
    /// whole images and for feature pipelines.
    /// </summary>
    public PatchSpec? Patch { get; init; }

    public required InputSpec Input { get; init; }

    /// <summary>
    /// Class names in label order; with two the score is the probability of <c>ClassNames[1]</c>, with K ≥ 3 the model
    /// gives one probability per class.
    /// </summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Decision threshold on the score: at or above it the label is <c>ClassNames[1]</c>.</summary>
    public required double Threshold { get; init; }

    /// <summary>Platt map from the score to a calibrated probability; null when it could not be fitted.</summary>
    public CalibrationSpec? Calibration { get; init; }

    /// <summary>K ≥ 3 classes: the temperature that calibrates the class probabilities (<see cref="TemperatureScaling"/>); null when none was fitted.</summary>
    public TemperatureSpec? Temperature { get; init; }

    /// <summary>Which model this is: <c>refit</c> (all images), <c>fold 1</c>, or <c>single split</c>; and its sample counts.</summary>
    public required TrainingSpec Training { get; init; }

    /// <summary>SHA-256 of the experiment's decoded pixels (results.json's <c>content_sha256</c>).</summary>
    public required string DataSha256 { get; init; }

    public required int Seed { get; init; }

    public required string MedvisionVersion { get; init; }

    /// <summary>The experiment's held-out metrics of this model (results.json's <c>metrics</c>) and its protocol; informational.</summary>
    public JsonObject? Metrics { get; init; }

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["format"] = FormatName,
            ["format_version"] = RequiredFormatVersion,
            ["name"] = Name,
            ["kind"] = Kind,
            ["architecture"] = Architecture,
            ["patch"] = Patch is null ? null : PatchJson(Patch),
            ["features"] = Features is null ? null : new JsonObject
            {
                ["extractor"] = Features.Extractor,
                ["settings"] = Features.Settings.DeepClone(),
                ["feature_count"] = Features.FeatureCount,
            },
            ["input"] = new JsonObject
            {
                ["channels"] = Input.Channels,
                ["height"] = Input.Height,
                ["width"] = Input.Width,
                ["scale"] = (double)Input.Scale,
                ["preprocess"] = Input.Preprocess,
            },
            ["class_names"] = new JsonArray([.. ClassNames.Select(c => (JsonNode)c)]),
            ["threshold"] = Threshold,
            ["calibration"] = Calibration is not null
                ? new JsonObject
                {
                    ["method"] = "platt",
                    ["a"] = Calibration.A,
                    ["b"] = Calibration.B,
                    ["fitted_on"] = Calibration.FittedOn,
                    ["cases"] = Calibration.Cases,
                }
                : Temperature is null ? null : new JsonObject
                {
                    ["method"] = "temperature",
                    ["temperature"] = Temperature.Temperature,
                    ["fitted_on"] = Temperature.FittedOn,
                    ["cases"] = Temperature.Cases,
                },
            ["training"] = new JsonObject
            {
                ["model"] = Training.Model,
                ["train_samples"] = Training.TrainSamples,
                ["validation_samples"] = Training.ValidationSamples,
            },
            ["data_sha256"] = DataSha256,
            ["seed"] = Seed,
            ["medvision_version"] = MedvisionVersion,
            ["metrics"] = Metrics?.DeepClone(),
        };
        if (Patch is null)
        {
            // Bundles of whole-image networks and feature pipelines keep the version-1 layout.
            root.Remove("patch");
        }

        if (Input.IsNormalized)
        {
            var input = (JsonObject)root["input"]!;
            input["mean"] = new JsonArray([.. Input.Mean!.Select(v => (JsonNode)(double)v)]);
            input["std"] = new JsonArray([.. Input.Std!.Select(v => (JsonNode)(double)v)]);
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject PatchJson(PatchSpec patch)
    {
        var json = new JsonObject
        {
            ["size"] = patch.Size,
            ["image_height"] = patch.ImageHeight,
            ["image_width"] = patch.ImageWidth,
            ["test_offsets"] = new JsonArray([.. patch.TestOffsets.Select(o => (JsonNode)new JsonArray(o.Top, o.Left))]),
            ["vote"] = patch.Options().VoteName,
        };
        if (patch.DihedralTestAugment)
        {
            json["test_augment"] = "dihedral";
        }

        json["seed"] = patch.Seed;
        return json;
    }

    /// <summary>Reads and checks <c>model.json</c> text; <paramref name="file"/> names it in errors.</summary>
    public static BundleManifest Read(string json, string file)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new BundleFormatException(file, string.Empty, $"not valid JSON: {e.Message}", e);
        }

        try
        {
            return ReadFields(StateReader.Root(node, file));
        }
        catch (EstimatorFormatException e)
        {
            throw new BundleFormatException(file, e.Field, e.Detail, e);
        }
    }

    private static BundleManifest ReadFields(StateReader r)
    {
        if (r.String("format") != FormatName)
        {
            throw r.Error("format", $"expected '{FormatName}', got '{r.String("format")}'");
        }

        var version = r.Int("format_version");
        if (version is not (FormatVersion or PatchFormatVersion or NormalizedFormatVersion))
        {
            throw r.Error("format_version", $"expected {FormatVersion}, {PatchFormatVersion} or {NormalizedFormatVersion}, got {version}");
        }

        var kind = r.String("kind");
        if (kind is not ("cnn" or "features" or DeepFeaturesKind))
        {
            throw r.Error("kind", $"expected cnn, features or {DeepFeaturesKind}, got '{kind}'");
        }

        var name = r.String("name");
        if (name.Length == 0)
        {
            throw r.Error("name", "must not be empty");
        }

        FeatureSpec? features = null;
        if (kind is "features" or DeepFeaturesKind)
        {
            var f = r.Object("features");
            features = new FeatureSpec(f.String("extractor"), f.Has("settings") ? f.ObjectNode("settings") : [], f.Int("feature_count", min: 1));
        }

        var input = r.Object("input");
        int? Size(string field) => input.Has(field) ? input.Int(field, min: 1) : null;
        var scale = input.Double("scale");
        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw input.Error("scale", $"must be a finite number > 0, got {scale.ToString(CultureInfo.InvariantCulture)}");
        }

        var inputSpec = new InputSpec(input.Int("channels", min: 1), Size("height"), Size("width"), (float)scale,
            input.Has("preprocess") ? input.String("preprocess") : null);
        if (input.Has("mean") || input.Has("std"))
        {
            if (version < NormalizedFormatVersion)
            {
                throw input.Error(input.Has("mean") ? "mean" : "std", $"needs format_version {NormalizedFormatVersion}, got {version}");
            }

            float[]? Floats(string field) => input.Has(field) ? [.. input.Doubles(field).Select(v => (float)v)] : null;
            var (mean, std) = (Floats("mean"), Floats("std"));
            if (inputSpec.NormalizationProblem(mean, std) is { } problem)
            {
                throw input.Error(mean is null || mean.Length != inputSpec.Channels ? "mean" : "std", problem);
            }

            inputSpec = inputSpec.WithNormalization(mean, std);
        }
        if ((kind is "cnn" or DeepFeaturesKind) && (inputSpec.Height is null || inputSpec.Width is null))
        {
            throw input.Error(inputSpec.Height is null ? "height" : "width", $"a {(kind == "cnn" ? "CNN" : kind)} bundle needs its input height and width");
        }

        PatchSpec? patch = null;
        if (kind == DeepFeaturesKind && !r.Has("patch"))
        {
            throw r.Error("patch", $"a {DeepFeaturesKind} bundle scores images by patches; the object is missing");
        }

        if (r.Has("patch"))
        {
            if (kind == "features")
            {
                throw r.Error("patch", $"only a CNN or {DeepFeaturesKind} bundle can score images by patches");
            }

            if (version < PatchFormatVersion)
            {
                throw r.Error("patch", $"needs format_version {PatchFormatVersion}, got {version}");
            }

            patch = ReadPatch(r.Object("patch"), inputSpec);
        }

        var classNames = r.Strings("class_names");
        if (classNames.Length < 2)
        {
            throw r.Error("class_names", $"expected at least 2 class names, got {classNames.Length}");
        }

        var threshold = r.Double("threshold");
        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            throw r.Error("threshold", $"must be in [0, 1], got {threshold.ToString(CultureInfo.InvariantCulture)}");
        }

        CalibrationSpec? calibration = null;
        TemperatureSpec? temperature = null;
        if (r.Has("calibration"))
        {
            var c = r.Object("calibration");
            switch (c.String("method"))
            {
                case "platt" when classNames.Length == 2:
                    calibration = new CalibrationSpec(c.Double("a"), c.Double("b"), c.String("fitted_on"), c.Int("cases", min: 0));
                    break;
                case "temperature" when classNames.Length > 2:
                    var value = c.Double("temperature");
                    if (!(value is >= TemperatureScaling.MinTemperature and <= TemperatureScaling.MaxTemperature))
                    {
                        throw c.Error("temperature", $"must be in [{TemperatureScaling.MinTemperature}, {TemperatureScaling.MaxTemperature}], got {value.ToString(CultureInfo.InvariantCulture)}");
                    }

                    temperature = new TemperatureSpec(value, c.String("fitted_on"), c.Int("cases", min: 0));
                    break;
                case var method:
                    throw c.Error("method", $"expected {(classNames.Length == 2 ? "platt (two classes)" : "temperature (three or more classes)")}, got '{method}'");
            }
        }

        var t = r.Object("training");
        return new BundleManifest
        {
            Name = name,
            Kind = kind,
            Architecture = kind is "cnn" or DeepFeaturesKind ? r.String("architecture") : null,
            Features = features,
            Patch = patch,
            Input = inputSpec,
            ClassNames = classNames,
            Threshold = threshold,
            Calibration = calibration,
            Temperature = temperature,
            Training = new TrainingSpec(t.String("model"), t.Int("train_samples", min: 0), t.Int("validation_samples", min: 0)),
            DataSha256 = r.String("data_sha256"),
            Seed = r.Int("seed"),
            MedvisionVersion = r.String("medvision_version"),
            Metrics = r.Has("metrics") ? r.ObjectNode("metrics") : null,
        };
    }

    /// <summary>
    /// Reads and checks the <c>patch</c> object against the input size: patch and image sizes ≥ 1, the image size the
    /// input's, the patch inside the image, at least one test position, each inside the image, a known vote and
    /// test-time augmentation.
    /// </summary>
    private static PatchSpec ReadPatch(StateReader p, InputSpec input)
    {
        var size = p.Int("size", min: 1);
        var height = p.Int("image_height", min: 1);
        var width = p.Int("image_width", min: 1);
        if (height != input.Height)
        {
            throw p.Error("image_height", $"must be the input height {input.Height}, got {height}");
        }

        if (width != input.Width)
        {
            throw p.Error("image_width", $"must be the input width {input.Width}, got {width}");
        }

        if (size > height || size > width)
        {
            throw p.Error("size", $"a {size}×{size} patch does not fit in the {height}×{width} image");
        }

        var rows = p.IntRows("test_offsets", 2, min: 0);
        if (rows.Length == 0)
        {
            throw p.Error("test_offsets", "needs at least one patch position");
        }

        for (var k = 0; k < rows.Length; k++)
        {
            if (rows[k][0] > height - size || rows[k][1] > width - size)
            {
                throw p.Error($"test_offsets[{k}]", $"a {size}×{size} patch at [{rows[k][0]}, {rows[k][1]}] leaves the {height}×{width} image");
            }
        }

        var vote = p.String("vote");
        if (!PatchOptions.VoteNames.TryGetValue(vote, out var patchVote))
        {
            throw p.Error("vote", $"expected {string.Join(", ", PatchOptions.VoteNames.Keys)}, got '{vote}'");
        }

        var dihedral = false;
        if (p.Has("test_augment"))
        {
            var augment = p.String("test_augment");
            if (augment != "dihedral")
            {
                throw p.Error("test_augment", $"expected dihedral (or no test_augment), got '{augment}'");
            }

            dihedral = true;
        }

        return new PatchSpec(size, height, width, [.. rows.Select(r => (r[0], r[1]))], PatchVotes.ToAggregation(patchVote), dihedral, p.Int("seed"));
    }
}

/// <summary>A feature extractor by name with its settings and the length of its vector.</summary>
public sealed record FeatureSpec(string Extractor, JsonObject Settings, int FeatureCount)
{
    /// <summary>The pooled layers of a deep-feature model: <c>pooled-layers</c> with the layers and the network input size (when set).</summary>
    public static FeatureSpec Of(DeepFeatureModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var settings = new JsonObject { ["layers"] = new JsonArray([.. model.Extractor.Layers.Select(l => (JsonNode)l)]) };
        if (model.Extractor.InputSize is { } side)
        {
            settings["network_size"] = side;
        }

        return new(DeepFeatureModel.ExtractorName, settings, model.Pipeline.FeatureCount);
    }
}

/// <summary>Platt calibration P = 1 / (1 + exp(A·score + B)), fitted on <paramref name="Cases"/> scores described by <paramref name="FittedOn"/>.</summary>
public sealed record CalibrationSpec(double A, double B, string FittedOn, int Cases);

/// <summary>Temperature scaling p = softmax(log p / <paramref name="Temperature"/>) of a K-class model, fitted on <paramref name="Cases"/> cases described by <paramref name="FittedOn"/>.</summary>
public sealed record TemperatureSpec(double Temperature, string FittedOn, int Cases);

/// <summary>Which model was bundled and on how many images it was trained and validated.</summary>
public sealed record TrainingSpec(string Model, int TrainSamples, int ValidationSamples);

/// <summary>How a patch-trained CNN scores an image (<see cref="PatchNetwork"/>): <c>model.json</c>'s <c>patch</c> object.</summary>
/// <param name="Size">Side of the square patches the zoo network takes.</param>
/// <param name="ImageHeight">Height of the images the patches are cut from (the input height).</param>
/// <param name="ImageWidth">Width of the images the patches are cut from (the input width).</param>
/// <param name="TestOffsets">Top-left corners (top, left) of the patches that score every image, in order.</param>
/// <param name="Vote">How the patch probabilities of an image are combined into its score.</param>
/// <param name="DihedralTestAugment">Whether each patch is first scored by the mean probability of its eight flips and quarter turns.</param>
/// <param name="Seed">The seed the training patches and <paramref name="TestOffsets"/> were drawn from (<see cref="PatchOptions.Seed"/> is its bits as an unsigned number).</param>
public sealed record PatchSpec(int Size, int ImageHeight, int ImageWidth, IReadOnlyList<(int Top, int Left)> TestOffsets, AggregationMethod Vote,
    bool DihedralTestAugment, int Seed)
{
    /// <summary>The spec of a trained patch network.</summary>
    public static PatchSpec Of(PatchNetwork network, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new(network.Options.Size, network.Height, network.Width, network.TestOffsets, PatchVotes.ToAggregation(network.Options.Vote), network.Options.DihedralTestAugment, seed);
    }

    /// <summary>The spec of a deep-feature model's patch vote, its patches drawn from <paramref name="seed"/>.</summary>
    public static PatchSpec Of(DeepFeatureModel model, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new(model.Patches.Size, model.Input.Height!.Value, model.Input.Width!.Value, model.TestOffsets, PatchVotes.ToAggregation(model.Patches.Vote),
            model.Patches.DihedralTestAugment, seed);
    }

    /// <summary>The options that rebuild the network's scoring (<see cref="PatchOptions.TestPatches"/> = the number of offsets).</summary>
    public PatchOptions Options() => new()
    {
        Size = Size,
        TestPatches = TestOffsets.Count,
        Vote = PatchVotes.ToPatchVote(Vote),
        DihedralTestAugment = DihedralTestAugment,
        Seed = (ulong)Seed,
    };
}
