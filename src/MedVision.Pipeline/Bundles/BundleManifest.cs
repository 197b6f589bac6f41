using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;

namespace MedVision.Pipeline.Bundles;

/// <summary>
/// The contents of a bundle's <c>model.json</c>: what the model is, how an image becomes its input, how its score
/// becomes a label, and where it came from. Keys are snake_case; <see cref="Read"/> checks every field.
/// </summary>
public sealed record BundleManifest
{
    /// <summary>Marker in the <c>format</c> field.</summary>
    public const string FormatName = "medvision-model-bundle";

    /// <summary>Layout version written; loading refuses others.</summary>
    public const int FormatVersion = 1;

    /// <summary>The model's name in the experiment (<c>seed-cnn</c>, <c>wavelet-rf</c>); also the bundle folder's name.</summary>
    public required string Name { get; init; }

    /// <summary><c>cnn</c> (weights in <c>weights.safetensors</c>) or <c>features</c> (fitted pipeline in <c>pipeline.json</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>The zoo architecture of a CNN; null for feature pipelines.</summary>
    public string? Architecture { get; init; }

    /// <summary>The feature extractor of a feature pipeline; null for CNNs.</summary>
    public FeatureSpec? Features { get; init; }

    public required InputSpec Input { get; init; }

    /// <summary>Class names in label order; the score is the probability of <c>ClassNames[1]</c>.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Decision threshold on the score: at or above it the label is <c>ClassNames[1]</c>.</summary>
    public required double Threshold { get; init; }

    /// <summary>Platt map from the score to a calibrated probability; null when it could not be fitted.</summary>
    public CalibrationSpec? Calibration { get; init; }

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
            ["format_version"] = FormatVersion,
            ["name"] = Name,
            ["kind"] = Kind,
            ["architecture"] = Architecture,
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
            ["calibration"] = Calibration is null ? null : new JsonObject
            {
                ["method"] = "platt",
                ["a"] = Calibration.A,
                ["b"] = Calibration.B,
                ["fitted_on"] = Calibration.FittedOn,
                ["cases"] = Calibration.Cases,
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
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
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
        if (version != FormatVersion)
        {
            throw r.Error("format_version", $"expected {FormatVersion}, got {version}");
        }

        var kind = r.String("kind");
        if (kind is not ("cnn" or "features"))
        {
            throw r.Error("kind", $"expected cnn or features, got '{kind}'");
        }

        var name = r.String("name");
        if (name.Length == 0)
        {
            throw r.Error("name", "must not be empty");
        }

        FeatureSpec? features = null;
        if (kind == "features")
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
        if (kind == "cnn" && (inputSpec.Height is null || inputSpec.Width is null))
        {
            throw input.Error(inputSpec.Height is null ? "height" : "width", "a CNN bundle needs its input height and width");
        }

        var classNames = r.Strings("class_names", 2);
        var threshold = r.Double("threshold");
        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            throw r.Error("threshold", $"must be in [0, 1], got {threshold.ToString(CultureInfo.InvariantCulture)}");
        }

        CalibrationSpec? calibration = null;
        if (r.Has("calibration"))
        {
            var c = r.Object("calibration");
            if (c.String("method") != "platt")
            {
                throw c.Error("method", $"expected platt, got '{c.String("method")}'");
            }

            calibration = new CalibrationSpec(c.Double("a"), c.Double("b"), c.String("fitted_on"), c.Int("cases", min: 0));
        }

        var t = r.Object("training");
        return new BundleManifest
        {
            Name = name,
            Kind = kind,
            Architecture = kind == "cnn" ? r.String("architecture") : null,
            Features = features,
            Input = inputSpec,
            ClassNames = classNames,
            Threshold = threshold,
            Calibration = calibration,
            Training = new TrainingSpec(t.String("model"), t.Int("train_samples", min: 0), t.Int("validation_samples", min: 0)),
            DataSha256 = r.String("data_sha256"),
            Seed = r.Int("seed"),
            MedvisionVersion = r.String("medvision_version"),
            Metrics = r.Has("metrics") ? r.ObjectNode("metrics") : null,
        };
    }
}

/// <summary>How an image becomes the model's input.</summary>
/// <param name="Channels">Channels of the input (1: images are reduced to grey levels).</param>
/// <param name="Height">Height images are resized to; null keeps theirs (feature pipelines fitted on images of several sizes).</param>
/// <param name="Width">Width images are resized to.</param>
/// <param name="Scale">Factor applied to grey levels before a CNN (1/255 for 8-bit data); 1 for feature pipelines.</param>
/// <param name="Preprocess">Preprocessing chain applied after reading, before resizing (<c>median:3,clahe:clip=0.01</c>), or null.</param>
public sealed record InputSpec(int Channels, int? Height, int? Width, float Scale, string? Preprocess);

/// <summary>A feature extractor by name with its settings and the length of its vector.</summary>
public sealed record FeatureSpec(string Extractor, JsonObject Settings, int FeatureCount);

/// <summary>Platt calibration P = 1 / (1 + exp(A·score + B)), fitted on <paramref name="Cases"/> scores described by <paramref name="FittedOn"/>.</summary>
public sealed record CalibrationSpec(double A, double B, string FittedOn, int Cases);

/// <summary>Which model was bundled and on how many images it was trained and validated.</summary>
public sealed record TrainingSpec(string Model, int TrainSamples, int ValidationSamples);
