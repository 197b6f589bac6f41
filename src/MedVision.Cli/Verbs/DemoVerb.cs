using System.CommandLine;
using MedVision.Pipeline.Experiments;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision demo</c>: the main job on a built-in synthetic microcalcification set (or <c>--data</c>): seed-cnn and
/// wavelet-rf under grouped 3-fold cross-validation, written to <c>runs/demo</c>.
/// </summary>
internal static class DemoVerb
{
    /// <summary>The demo's settings before flags: small enough for a few minutes on two cores.</summary>
    public static ExperimentConfig Defaults { get; } = new()
    {
        Out = Path.GetFullPath(Path.Combine("runs", "demo")),
        Protocol = new ProtocolConfig { Kind = "kfold", Folds = 3, Grouped = true },
        Models = [new ModelConfig { Name = "seed-cnn", Epochs = 15, BatchSize = 32 }, new ModelConfig { Name = "wavelet-rf" }],
        Evaluation = new EvaluationConfig { Bootstrap = 500 },
    };

    public static Command Create(CliContext context)
    {
        var options = new ExperimentOptions();
        var command = new Command("demo", "Run a complete study on generated phantom data (or --data) and write the report to runs/demo");
        options.AddTo(command);
        command.SetAction(parse => ExperimentVerb.Run(context, options.Build(parse, Defaults)));
        return command;
    }
}
