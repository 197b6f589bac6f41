using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedVision.Nn;
using MedVision.Nn.Onnx;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Pipeline.Bundles;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision model export</c>: writes a zoo architecture (with saved weights, or its seeded initial ones) or the
/// CNN of a model bundle as an ONNX model (<see cref="OnnxExport"/>) — input <c>input</c> (N, C, H, W), output
/// <c>logits</c>. A bundle's metadata carries what a consumer needs to reproduce its preprocessing and decision:
/// input scale, preprocessing chain, class names, threshold, calibration and, for a patch-trained model (whose
/// patch classifier is what is exported), the patch positions and vote.
/// </summary>
internal static class ModelExportVerb
{
    public static Command Create(CliContext context)
    {
        var arch = new Option<string>("--arch") { Description = "Architecture name (see 'medvision model list'); or use --model" };
        var model = new Option<string>("--model") { Description = "CNN model bundle folder (runs/<study>/models/<model>) to export instead of --arch" };
        var input = new Option<string>("--input") { Description = "With --arch: input size CxHxW, e.g. 1x60x60; default the architecture's design input" };
        var outputs = new Option<int?>("--outputs") { Description = "With --arch: number of output logits; default from the weights' head, else 1" };
        var weights = new Option<string>("--weights") { Description = "With --arch: weights (.safetensors, or a PyTorch state dict .pt/.pth); default the initial weights of seed 0" };
        var output = new Option<string>("--out") { Description = "Where to write the .onnx file", Required = true };
        var command = new Command("export", "Write an architecture or a CNN model bundle as an ONNX model (opset 17) for ONNX Runtime and other tools")
        {
            arch, model, input, outputs, weights, output,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(output)!;
            string summary;
            if (parse.GetValue(model) is { } folder)
            {
                if (parse.GetValue(arch) is not null || parse.GetValue(input) is not null || parse.GetValue(outputs) is not null || parse.GetValue(weights) is not null)
                {
                    throw new UsageException("--model takes the architecture, input size and weights from the bundle; do not combine it with --arch, --input, --outputs or --weights");
                }

                summary = ExportBundle(ModelBundle.Load(folder), path);
            }
            else if (parse.GetValue(arch) is { } name)
            {
                summary = ExportArchitecture(name, parse.GetValue(input), parse.GetValue(outputs), parse.GetValue(weights), path);
            }
            else
            {
                throw new UsageException("give --arch NAME (an architecture of the zoo) or --model BUNDLE_DIR (a CNN model bundle)");
            }

            context.StdErr.WriteLine(summary);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string ExportArchitecture(string name, string? inputText, int? outputs, string? weightsPath, string path)
    {
        ModelEntry entry;
        try
        {
            entry = ModelZoo.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--arch: {e.Message.Split(" (Parameter", 2)[0]}");
        }

        var (c, h, w) = inputText is null ? entry.DefaultInput : ModelVerb.ParseInput(inputText);
        var state = weightsPath is null ? null
            : weightsPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? SafeTensors.Read(weightsPath) : PyTorchCheckpoint.Load(weightsPath);
        var count = outputs ?? (state is null ? 1 : HeadOutputs(entry, state, weightsPath!));
        if (count < 1)
        {
            throw new UsageException($"--outputs must be ≥ 1, got {count}");
        }

        Module network;
        try
        {
            network = ModelZoo.Create(entry.Name, c, h, w, count);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{entry.Name} cannot take a {c}x{h}x{w} input: {e.Message.Split(" (Parameter", 2)[0]}");
        }

        if (state is not null)
        {
            try
            {
                network.LoadStateDict(state);
            }
            catch (ArgumentException e)
            {
                throw new WeightFormatException(weightsPath!, $"does not fit {entry.Name} at {c}x{h}x{w} with {count} outputs: {e.Message.Split(" (Parameter", 2)[0]}", e);
            }
        }

        var weightsNote = weightsPath is null ? "the initial weights of seed 0" : Path.GetFileName(weightsPath);
        Save(network, path, c, h, w, new OnnxExportOptions
        {
            Architecture = entry.Name,
            Description = $"{entry.Name} ({entry.Description}) with {weightsNote}: float32 input (N, {c}, {h}, {w}) → logits (N, {count})",
            Metadata = [new("weights", weightsNote)],
        });
        return $"{entry.Name}: {c}x{h}x{w} → {count} logits with {weightsNote}, written to {path}";
    }

    private static string ExportBundle(ModelBundle bundle, string path)
    {
        var m = bundle.Manifest;
        var network = bundle.Network
            ?? throw new UsageException(m.Kind == BundleManifest.DeepFeaturesKind
                ? $"--model: '{m.Name}' is a deep-feature model (frozen {m.Architecture} features and a fitted classifier); only CNN bundles export to ONNX"
                : $"--model: '{m.Name}' is a feature pipeline ({m.Features?.Extractor} features and a fitted classifier); only CNN bundles export to ONNX");
        var c = m.Input.Channels;
        var (h, w) = m.Patch is { } p ? (p.Size, p.Size) : (m.Input.Height!.Value, m.Input.Width!.Value);
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("model_name", m.Name),
            new("input_scale", m.Input.Scale.ToString("R", CultureInfo.InvariantCulture)),
            new("preprocess", m.Input.Preprocess ?? string.Empty),
            new("class_names", JsonSerializer.Serialize(m.ClassNames)),
            new("threshold", m.Threshold.ToString("R", CultureInfo.InvariantCulture)),
            new("score", "sigmoid(logits[:, 0]) is the probability of class_names[1]; at or above threshold the label is class_names[1]"),
        };
        if (m.Calibration is { } calibration)
        {
            metadata.Add(new("platt_calibration", string.Create(CultureInfo.InvariantCulture, $"P = 1 / (1 + exp({calibration.A:R}·score + {calibration.B:R}))")));
        }

        var steps = $"grey levels → {(m.Input.Preprocess is { Length: > 0 } chain ? $"preprocessing '{chain}' → " : string.Empty)}" +
            $"bilinear resize to {m.Input.Height}x{m.Input.Width} when the size differs → × {m.Input.Scale.ToString("R", CultureInfo.InvariantCulture)}";
        string scoring;
        if (m.Patch is { } patch)
        {
            metadata.Add(new("patch_size", patch.Size.ToString(CultureInfo.InvariantCulture)));
            metadata.Add(new("patch_test_offsets", new JsonArray([.. patch.TestOffsets.Select(o => (JsonNode)new JsonArray(o.Top, o.Left))]).ToJsonString()));
            metadata.Add(new("patch_vote", patch.Options().VoteName));
            metadata.Add(new("patch_test_augment", patch.DihedralTestAugment ? "dihedral" : "none"));
            scoring = $"This is the patch classifier of a patch-trained model: it scores one {patch.Size}x{patch.Size} patch. The model's image score is the " +
                $"{patch.Options().VoteName} vote of the sigmoid probabilities of the {patch.TestOffsets.Count} patches at patch_test_offsets (top, left)" +
                (patch.DihedralTestAugment ? ", each first averaged over its eight flips and quarter turns" : string.Empty) + ".";
        }
        else
        {
            scoring = "sigmoid(logits) is the image's score, the probability of class_names[1].";
        }

        Save(network, path, c, h, w, new OnnxExportOptions
        {
            Architecture = m.Architecture,
            Description = $"MedVision model '{m.Name}' ({m.Architecture}, {m.Training.Model}). Input (N, {c}, {h}, {w}): {steps}. {scoring} " +
                $"Label: class_names[1] ('{m.ClassNames[1]}') at score ≥ {m.Threshold.ToString("R", CultureInfo.InvariantCulture)}.",
            Metadata = metadata,
        });
        return m.Patch is { } pp
            ? $"{m.Name}: exported the patch classifier ({m.Architecture}, {c}x{h}x{w} patches → 1 logit) to {path}; the bundle scores an image by the " +
                $"{pp.Options().VoteName} vote of {pp.TestOffsets.Count} patches, recorded in the file's metadata"
            : $"{m.Name}: exported {m.Architecture} ({c}x{h}x{w} → 1 logit) to {path}";
    }

    private static void Save(Module network, string path, int c, int h, int w, OnnxExportOptions options)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } parent)
        {
            Directory.CreateDirectory(parent);
        }

        OnnxExport.Save(network, path, c, h, w, options);
    }

    private static int HeadOutputs(ModelEntry entry, WeightDict state, string path)
    {
        var head = state.Names.LastOrDefault(k => k.StartsWith(entry.Head + ".", StringComparison.Ordinal) && k.EndsWith("weight", StringComparison.Ordinal));
        return head is not null && state[head].Shape.Length >= 1
            ? state[head].Shape[0]
            : throw new UsageException($"{path} has no '{entry.Head}.*weight' to take the number of outputs from; pass --outputs");
    }
}
