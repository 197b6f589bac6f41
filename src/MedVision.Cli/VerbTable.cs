using System.CommandLine;
using MedVision.Cli.Verbs;

namespace MedVision.Cli;

/// <summary>Every verb of <c>medvision</c>, in the order <c>--help</c> lists them. One explicit list, no discovery.</summary>
internal static class VerbTable
{
    public static IReadOnlyList<Func<CliContext, Command>> All { get; } =
    [
        AuditVerb.Create,
        SplitVerb.Create,
        BenchVerb.Create,
        DemoVerb.Create,
        ExperimentVerb.Create,
        PredictVerb.Create,
        PacsVerb.Create,
        EvaluateVerb.Create,
        InfoVerb.Create,
        InspectVerb.Create,
        ConvertVerb.Create,
        PreprocessVerb.Create,
        FiltersVerb.Create,
        MetricsVerb.Create,
        CompareVerb.Create,
        FeaturesVerb.Create,
        ModelVerb.Create,
        ServeVerb.Create,
    ];
}
