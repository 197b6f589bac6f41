using MedVision.Pipeline.Experiments;
using MedVision.Testing;

namespace MedVision.Cli.Tests.Pacs;

/// <summary>What the PACS tests share: one private Orthanc and one tiny CNN bundle (1 epoch on 32 × 32 phantoms, seconds to train).</summary>
public sealed class PacsEnvironment : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-pacs-").FullName;
    private readonly Lazy<string> _bundle;

    public PacsEnvironment()
    {
        Orthanc = new OrthancFixture();
        _bundle = new Lazy<string>(() =>
        {
            var config = new ExperimentConfig
            {
                PhantomRegionsPerClass = 6,
                Protocol = new ProtocolConfig { Folds = 3 },
                Models = [new ModelConfig { Name = "seed-cnn", Epochs = 1, InputSize = 32 }],
                Evaluation = new EvaluationConfig { Bootstrap = 0 },
                Bundle = "refit",
            };
            var outcome = new ExperimentRunner(config).Run();
            var study = Path.Combine(_root, "study");
            ExperimentWriter.Write(outcome, study);
            return Path.Combine(study, "models", outcome.Bundles![0].Manifest.Name);
        });
    }

    public OrthancFixture Orthanc { get; }

    /// <summary>The bundle folder (trained on first use).</summary>
    public string Bundle => _bundle.Value;

    /// <summary>A new empty folder for one test.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    public void Dispose()
    {
        Orthanc.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
