using MedVision.Pipeline.Experiments;

namespace MedVision.Pipeline.Tests;

public sealed class DataSourceConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mv-cfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Yaml_NamesMiasAndLunaSettings_AndPathsResolveBesideTheFile()
    {
        var path = Path.Combine(_dir, "study.yaml");
        File.WriteAllLines(path,
        [
            "data: mias",
            "annotations: mias/Info.txt",
            "groups: patients.csv",
            "volumes: ct",
            "seed: 4",
            "mias:",
            "  roi_size: 96",
            "  normal_rois: 3",
            "  labels: severity",
            "  group_by_patient: true",
            "luna:",
            "  patch_size: 32",
            "  window_min: -1200",
            "  window_max: 600",
            "  negative_ratio: .inf",
        ]);

        var config = ExperimentConfigLoader.Load(path);
        var options = ExperimentRunner.DatasetOptionsOf(config);

        Assert.Equal(Path.Combine(_dir, "mias", "Info.txt"), options.Annotations);
        Assert.Equal(Path.Combine(_dir, "patients.csv"), options.Groups);
        Assert.Equal(Path.Combine(_dir, "ct"), options.Volumes);
        Assert.Equal(4, options.Seed);
        Assert.Equal((96, 3, "severity", true), (options.Mias.RoiSize, options.Mias.NormalRois, options.Mias.Labels, options.Mias.GroupByPatient));
        Assert.Equal((32, -1200.0, 600.0, double.PositiveInfinity), (options.Luna.PatchSize, options.Luna.WindowMin, options.Luna.WindowMax, options.Luna.NegativeRatio));

        var again = ExperimentConfigLoader.Parse(ExperimentConfigLoader.ToYaml(config));
        Assert.Equal(config.Mias, again.Mias);
        Assert.Equal(config.Luna, again.Luna);
    }
}
