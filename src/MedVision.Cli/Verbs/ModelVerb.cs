using System.CommandLine;
using System.Globalization;
using MedVision.Imaging.Io;
using MedVision.Nn;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision model list|summary|run|import|export</c>: the model zoo's architectures, a Keras-style layer table for one
/// input size, and an evaluation-mode forward pass of a float32 NCHW <c>.npy</c> through saved weights.
/// </summary>
internal static class ModelVerb
{
    public static Command Create(CliContext context)
    {
        var command = new Command("model", "List, summarise and run the CNN architectures of the model zoo");
        command.Subcommands.Add(CreateList(context));
        command.Subcommands.Add(CreateSummary(context));
        command.Subcommands.Add(CreateRun(context));
        command.Subcommands.Add(ModelImportVerb.Create(context));
        command.Subcommands.Add(ModelExportVerb.Create(context));
        return command;
    }

    private static Command CreateList(CliContext context)
    {
        var command = new Command("list", "List the architectures of the model zoo with their design input and source");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumn("architecture").AddColumn("input").AddColumn("description");
            foreach (var e in ModelZoo.All)
            {
                table.AddRow(Markup.Escape(e.Name), $"{e.DefaultInput.Channels}x{e.DefaultInput.Height}x{e.DefaultInput.Width}", Markup.Escape(e.Description));
            }

            context.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSummary(CliContext context)
    {
        var arch = Arch();
        var input = new Option<string>("--input") { Description = "Input size CxHxW, e.g. 1x60x60; default the architecture's design input" };
        var outputs = Outputs();
        var command = new Command("summary", "Print a Keras-style table of layers, output shapes and parameter counts") { arch, input, outputs };
        command.SetAction(parse =>
        {
            var entry = Entry(parse.GetValue(arch)!);
            var (c, h, w) = parse.GetValue(input) is { } text ? ParseInput(text) : entry.DefaultInput;
            var model = Build(entry, c, h, w, parse.GetValue(outputs) ?? 1);
            var summary = ModelSummary.Describe(model, [c, h, w]);
            var table = new Table().AddColumn("layer (type)").AddColumn("output shape").AddColumn(new TableColumn("param #").RightAligned());
            foreach (var row in summary.Rows)
            {
                table.AddRow(Markup.Escape($"{row.Name} ({row.Type})"), $"({string.Join(", ", ["None", .. row.OutputShape.Skip(1).Select(d => d.ToString(CultureInfo.InvariantCulture))])})", Invariant(row.Parameters));
            }

            context.Out.Write(table);
            context.StdOut.WriteLine($"Total params: {Invariant(summary.TotalParameters)}");
            context.StdOut.WriteLine($"Trainable params: {Invariant(summary.TrainableParameters)}");
            context.StdOut.WriteLine($"Non-trainable params: {Invariant(summary.TotalParameters - summary.TrainableParameters)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRun(CliContext context)
    {
        var arch = Arch();
        var weights = new Option<string>("--weights") { Description = "Weights: .safetensors, or a PyTorch state dict (.pt/.pth)", Required = true };
        var input = new Option<string>("--input") { Description = "float32 .npy of shape (N, C, H, W) or (C, H, W)", Required = true };
        var output = new Option<string>("--output") { Description = "Where to write the (N, outputs) float32 .npy of logits", Required = true };
        var outputs = Outputs();
        var batch = new Option<int>("--batch") { Description = "Images per forward pass", DefaultValueFactory = _ => 16 };
        var command = new Command("run", "Evaluation-mode forward pass of an NCHW array through saved weights; writes the logits") { arch, weights, input, output, outputs, batch };
        command.SetAction(parse =>
        {
            var entry = Entry(parse.GetValue(arch)!);
            var batchSize = parse.GetValue(batch);
            if (batchSize < 1)
            {
                throw new UsageException($"--batch must be ≥ 1, got {batchSize}");
            }

            var inputPath = parse.GetValue(input)!;
            var array = NpyReader.Read(inputPath);
            var shape = array.Shape.Length switch
            {
                4 => array.Shape,
                3 => [1, .. array.Shape],
                _ => throw new UsageException($"--input must hold (N, C, H, W) or (C, H, W), got shape ({string.Join(", ", array.Shape)}) in {inputPath}"),
            };
            var weightsPath = parse.GetValue(weights)!;
            var state = weightsPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? SafeTensors.Read(weightsPath)
                : PyTorchCheckpoint.Load(weightsPath);
            var count = parse.GetValue(outputs) ?? HeadOutputs(entry, state, weightsPath);
            var model = Build(entry, shape[1], shape[2], shape[3], count);
            model.LoadStateDict(state);
            model.Eval();

            var data = array.ToFloatArray();
            int n = shape[0], per = shape[1] * shape[2] * shape[3];
            var logits = new float[n * count];
            using (GradMode.NoGrad())
            {
                for (var start = 0; start < n; start += batchSize)
                {
                    var m = Math.Min(batchSize, n - start);
                    using var scope = TensorScope.Begin(everything: true);
                    var x = Tensor.From(data.AsSpan(start * per, m * per), m, shape[1], shape[2], shape[3]);
                    model.Forward(x).Data.CopyTo(logits.AsSpan(start * count, m * count));
                }
            }

            NpyWriter.Write(parse.GetValue(output)!, new NpyArray([n, count], logits));
            context.StdErr.WriteLine($"{entry.Name}: {n} inputs of {shape[1]}x{shape[2]}x{shape[3]} → {count} logits each, written to {parse.GetValue(output)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string> Arch() => new("--arch")
    {
        Description = "Architecture name (see 'medvision model list')",
        Required = true,
    };

    private static Option<int?> Outputs() => new("--outputs")
    {
        Description = "Number of output logits (run: default from the weights' head; summary: default 1)",
    };

    private static ModelEntry Entry(string name)
    {
        try
        {
            return ModelZoo.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--arch: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static Module Build(ModelEntry entry, int c, int h, int w, int outputs)
    {
        if (outputs < 1)
        {
            throw new UsageException($"--outputs must be ≥ 1, got {outputs}");
        }

        try
        {
            return ModelZoo.Create(entry.Name, c, h, w, outputs);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{entry.Name} cannot take a {c}x{h}x{w} input: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static int HeadOutputs(ModelEntry entry, WeightDict state, string path)
    {
        var head = state.Names.LastOrDefault(k => k.StartsWith(entry.Head + ".", StringComparison.Ordinal) && k.EndsWith("weight", StringComparison.Ordinal));
        return head is not null && state[head].Shape.Length >= 1
            ? state[head].Shape[0]
            : throw new UsageException($"{path} has no '{entry.Head}.*weight' to take the number of outputs from; pass --outputs");
    }

    /// <summary>Parses "CxHxW" (x, X or ×).</summary>
    internal static (int C, int H, int W) ParseInput(string text)
    {
        var parts = text.Split(['x', 'X', '×'], StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0))
        {
            throw new UsageException($"--input must be CxHxW with positive integers, e.g. 1x60x60, got '{text}'");
        }

        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static string Invariant(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
