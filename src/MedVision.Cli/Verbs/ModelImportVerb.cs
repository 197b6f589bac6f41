using System.CommandLine;
using MedVision.Nn.Onnx;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision model import MODEL.onnx|imagenet-resnet18 --arch A --out W.safetensors</c>: maps an ONNX ResNet's
/// weights onto a zoo architecture's torchvision names (<see cref="OnnxImport"/>) and writes the architecture's full
/// state dict as safetensors (a head the file lacks stays at its seeded initialisation), printing what was mapped and
/// what the file holds.
/// </summary>
internal static class ModelImportVerb
{
    public static Command Create(CliContext context)
    {
        var source = new Argument<string>("model")
        {
            Description = $"ONNX file, or '{ImageNetResNet18Files.Name}' for ML.NET's ImageNet ResNet-18 in the NuGet cache (or ${ImageNetResNet18Files.OverrideVariable})",
        };
        var arch = new Option<string>("--arch")
        {
            Description = "Zoo architecture to import into (see 'medvision model list')",
            DefaultValueFactory = _ => "resnet18-mlnet",
        };
        var output = new Option<string>("--out") { Description = "Where to write the .safetensors weights", Required = true };
        var outputs = new Option<int?>("--outputs") { Description = "Logits of the head when the file has no fc (default 1); a file's fc fixes it" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the head's initialisation when the file has no fc", DefaultValueFactory = _ => 0 };
        var command = new Command("import", "Import an ONNX ResNet's weights into a zoo architecture; writes safetensors with torchvision names")
        {
            source, arch, output, outputs, seed,
        };
        command.SetAction(parse =>
        {
            ModelEntry entry;
            try
            {
                entry = ModelZoo.Get(parse.GetValue(arch)!);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--arch: {e.Message.Split(" (Parameter", 2)[0]}");
            }

            var path = parse.GetValue(source)!;
            if (string.Equals(path, ImageNetResNet18Files.Name, StringComparison.OrdinalIgnoreCase))
            {
                path = ImageNetResNet18Files.Locate().Model;
            }

            var result = OnnxImport.Import(OnnxReader.Read(path), entry);
            var count = result.HasHead ? result.Weights[$"{entry.Head}.weight"].Shape[0] : parse.GetValue(outputs) ?? 1;
            if (count < 1)
            {
                throw new UsageException($"--outputs must be ≥ 1, got {count}");
            }

            var model = entry.Build(new ModelSpec
            {
                InChannels = result.Weights[entry.FirstConv].Shape[1],
                Height = entry.DefaultInput.Height,
                Width = entry.DefaultInput.Width,
                Outputs = count,
                Seed = parse.GetValue(seed),
            });
            Transfer.LoadPretrained(model, entry, result.Weights);
            var state = model.StateDict();
            state.Metadata["source"] = Path.GetFileName(path);
            state.Metadata["holds"] = result.Holds;
            var target = parse.GetValue(output)!;
            SafeTensors.Write(target, state);

            foreach (var m in result.Mapped)
            {
                context.StdOut.WriteLine($"{m.Parameter} ← {m.From}");
            }

            context.StdOut.WriteLine($"{path}: {result.Holds}");
            foreach (var note in result.Notes)
            {
                context.StdOut.WriteLine($"note: {note}");
            }

            var fresh = result.HasHead ? string.Empty : $"; {entry.Head} ({count} logit{(count == 1 ? string.Empty : "s")}) initialised with seed {parse.GetValue(seed)}";
            context.StdErr.WriteLine($"{entry.Name}: {result.Mapped.Count} tensors mapped{fresh}; {state.Count} written to {target}");
            return ExitCodes.Success;
        });
        return command;
    }
}
