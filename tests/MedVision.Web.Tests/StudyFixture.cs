using MedVision.Imaging.Io;
using MedVision.Pipeline.Experiments;

namespace MedVision.Web.Tests;

/// <summary>
/// One tiny phantom study, trained once for all tests (a seed-cnn of 2 epochs on 24 images of 32 × 32: a few seconds):
/// <c>runs/phantom-study/</c> with results.json, report.html and the bundle <c>models/seed-cnn</c>, plus a PNG of one
/// of its images to upload.
/// </summary>
public sealed class StudyFixture : IDisposable
{
    public StudyFixture()
    {
        Root = Directory.CreateTempSubdirectory("mv-serve-").FullName;
        Runs = Path.Combine(Root, "runs");
        var study = Path.Combine(Runs, "phantom-study");
        var config = new ExperimentConfig
        {
            PhantomRegionsPerClass = 12,
            Protocol = new ProtocolConfig { Kind = "holdout" },
            Models = [new ModelConfig { Name = "seed-cnn", Epochs = 2, InputSize = 32 }],
            Evaluation = new EvaluationConfig { Bootstrap = 0 },
            Bundle = "fold",
            Latex = false,
            Out = study,
        };
        var outcome = new ExperimentRunner(config).Run();
        ExperimentWriter.Write(outcome, study);
        Models = Path.Combine(study, "models");
        Bundle = Path.Combine(Models, "seed-cnn");
        Png = PngWriter.Encode(outcome.Store.Images[0], new PngWriteOptions());
    }

    public string Root { get; }

    public string Runs { get; }

    public string Models { get; }

    public string Bundle { get; }

    /// <summary>A PNG of one study image.</summary>
    public byte[] Png { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class StudyGroup : ICollectionFixture<StudyFixture>
{
    public const string Name = "study";
}
