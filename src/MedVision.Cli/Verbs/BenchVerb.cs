using System.CommandLine;
using System.Diagnostics;
using MedVision.Data;
using MedVision.Evaluation;
using MedVision.Imaging;
using MedVision.Nn.Zoo;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;
using MedVision.Training;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision bench train|infer</c>: training and inference speed of a zoo network, in the units the PyTorch peer
/// (<c>seed000_torch.py</c>) prints: seconds per epoch, images per second, plus GFLOP/s and peak memory.
/// <c>medvision bench serve</c> (<see cref="ServeVerb.Bench"/>) load-tests the web service.
/// </summary>
internal static class BenchVerb
{
    public static Command Create(CliContext context)
    {
        var command = new Command("bench", "Measure training and inference speed of a zoo network");
        command.Subcommands.Add(Train(context));
        command.Subcommands.Add(Infer(context));
        command.Subcommands.Add(ServeVerb.Bench(context));
        return command;
    }

    private static Command Train(CliContext context)
    {
        var arch = new Option<string>("--arch") { Description = "Zoo architecture", DefaultValueFactory = _ => "seed-cnn" };
        var data = new Option<string>("--data") { Description = "Image folder (class folders); 80% of it, stratified, is the training set as in the peer", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Epochs to time", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size", DefaultValueFactory = _ => 32 };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 0 };
        var inputSize = new Option<int?>("--input-size") { Description = "Resize every image to this square size first (bilinear), as a fine-tuning run at 224 does" };
        var limit = new Option<int?>("--limit") { Description = "Use only this many images of the data folder (a stratified subset drawn with the seed)" };
        var command = new Command("train", "Time training epochs (Adam 1e-3, BCE with logits) on a data folder") { arch, data, epochs, batch, threads, seed, inputSize, limit };
        command.SetAction(parse =>
        {
            var epochCount = Positive(parse.GetValue(epochs), "--epochs");
            var batchSize = Positive(parse.GetValue(batch), "--batch");
            Parallelism.Threads = Positive(parse.GetValue(threads), "--threads");
            var store = ImageStore.Load(DatasetDiscovery.Discover(parse.GetRequiredValue(data)));
            var labels = store.Dataset.Samples.Select(s => s.Label).ToArray();
            var split = new HoldOutSplit(0.2, stratify: true, seed: (ulong)parse.GetValue(seed)).Split(labels)[0];
            var chosen = split.Train;
            if (parse.GetValue(limit) is { } count && count < chosen.Length)
            {
                var share = (double)Positive(count, "--limit") / chosen.Length;
                var subset = new HoldOutSplit(1 - share, stratify: true, seed: (ulong)parse.GetValue(seed)).Split([.. chosen.Select(i => labels[i])])[0];
                chosen = [.. subset.Train.Select(i => chosen[i])];
            }

            var size = parse.GetValue(inputSize) is { } side ? Positive(side, "--input-size") : (int?)null;
            var images = chosen.Select(i => store.Images[i]).Select(i => size is { } n && (i.Height != n || i.Width != n) ? Resize.Apply(i, n, n) : i).ToArray();
            var first = images[0];
            var train = TensorSet.From(images, [.. chosen.Select(i => labels[i])], 1f / 255);
            var name = parse.GetRequiredValue(arch);
            var model = ModelZoo.Create(name, first.Channels, first.Height, first.Width, outputs: 1, seed: (ulong)parse.GetValue(seed));
            var flops = ModelFlops.Forward(model, [first.Channels, first.Height, first.Width]);
            var seconds = new List<double>();
            var trainer = new Trainer(model, new TrainerOptions { Epochs = epochCount, BatchSize = batchSize, Seed = parse.GetValue(seed) });
            trainer.Fit(train, null, null, new EpochSink(e =>
            {
                seconds.Add(e.Seconds);
                context.Error.MarkupLineInterpolated($"epoch {e.Epoch}/{e.Epochs}: {e.Seconds:0.000} s, loss {e.TrainLoss:0.0000}");
            }));
            var median = Median(seconds);
            var perSecond = train.Count / median;
            Print(context, name, $"{first.Channels}×{first.Height}×{first.Width}", train.Count, batchSize, Parallelism.Threads, flops,
            [
                ("epoch seconds (median)", $"{median:0.000}"),
                ("epoch seconds (first)", $"{seconds[0]:0.000}"),
                ("training images/s", $"{perSecond:0.0}"),
                ("GFLOP/s (3 × forward per image)", $"{3.0 * flops * perSecond / 1e9:0.0}"),
            ]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Infer(CliContext context)
    {
        var arch = new Option<string>("--arch") { Description = "Zoo architecture", DefaultValueFactory = _ => "resnet18" };
        var input = new Option<string>("--input") { Description = "Input shape C×H×W", DefaultValueFactory = _ => "3x224x224" };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 16 };
        var iterations = new Option<int>("--iterations") { Description = "Timed batches (after one warm-up)", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var outputs = new Option<int>("--outputs") { Description = "Outputs of the head (default 1000, torchvision's ImageNet head)", DefaultValueFactory = _ => 1000 };
        var command = new Command("infer", "Time eval-mode forward passes of random inputs") { arch, input, batch, iterations, threads, outputs };
        command.SetAction(parse =>
        {
            var shape = ParseShape(parse.GetRequiredValue(input));
            var batchSize = Positive(parse.GetValue(batch), "--batch");
            var count = Positive(parse.GetValue(iterations), "--iterations");
            Parallelism.Threads = Positive(parse.GetValue(threads), "--threads");
            var name = parse.GetRequiredValue(arch);
            var model = ModelZoo.Create(name, shape[0], shape[1], shape[2], outputs: Positive(parse.GetValue(outputs), "--outputs"));
            var flops = ModelFlops.Forward(model, shape);
            model.Eval();
            var x = Tensor.Randn(new Generator(0), [batchSize, .. shape]);
            var seconds = new List<double>();
            using (GradMode.NoGrad())
            {
                for (var i = 0; i <= count; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var scope = TensorScope.Begin(everything: true);
                    model.Forward(x);
                    if (i > 0)
                    {
                        seconds.Add(watch.Elapsed.TotalSeconds);
                    }
                }
            }

            var median = Median(seconds);
            Print(context, name, string.Join('×', shape), batchSize * count, batchSize, Parallelism.Threads, flops,
            [
                ("batch seconds (median)", $"{median:0.0000}"),
                ("images/s", $"{batchSize / median:0.0}"),
                ("GFLOP/s", $"{flops * batchSize / median / 1e9:0.0}"),
            ]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CliContext context, string arch, string input, int images, int batch, int threads, long flops, (string, string)[] rows)
    {
        var table = new Table().AddColumn("measure").AddColumn("value");
        table.AddRow("architecture", Markup.Escape(arch));
        table.AddRow("input", Markup.Escape(input));
        table.AddRow("images", $"{images}");
        table.AddRow("batch", $"{batch}");
        table.AddRow("threads", $"{threads}");
        table.AddRow("forward MFLOP per image", $"{flops / 1e6:0.0}");
        foreach (var (key, value) in rows)
        {
            table.AddRow(Markup.Escape(key), value);
        }

        table.AddRow("peak working set (MB)", $"{Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0}");
        context.Out.Write(table);
    }

    private static int[] ParseShape(string text)
    {
        var parts = text.Split('x', '×', 'X');
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, out var v) && v > 0))
        {
            throw new UsageException($"--input must look like 3x224x224, got '{text}'");
        }

        return [.. parts.Select(int.Parse)];
    }

    private static int Positive(int value, string name) => value >= 1 ? value : throw new UsageException($"{name} must be ≥ 1, got {value}");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class EpochSink(Action<EpochReport> action) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => action(value);
    }
}
