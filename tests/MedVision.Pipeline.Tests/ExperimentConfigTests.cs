using MedVision.Pipeline.Experiments;

namespace MedVision.Pipeline.Tests;

public class ExperimentConfigTests
{
    [Fact]
    public void Yaml_ReadsEverySection()
    {
        var config = ExperimentConfigLoader.Parse("""
            data: /data/mammo_micro
            group_pattern: '^(?<group>.+\.pgm)_\d+\.png$'
            protocol:
              kind: kfold
              folds: 3
              grouped: false
            models:
              - name: seed-cnn
                epochs: 12
                batch_size: 16
                augment: true
              - name: wavelet-svm
                wavelet: sym4
                level: 3
                levels: 1-3
            evaluation:
              bootstrap: 200
              target_sensitivity: 0.95
            seed: 42
            latex: false
            """);

        Assert.Equal("/data/mammo_micro", config.Data);
        Assert.Equal(@"^(?<group>.+\.pgm)_\d+\.png$", config.GroupPattern);
        Assert.Equal(3, config.Protocol.Folds);
        Assert.False(config.Protocol.Grouped);
        Assert.Equal(["seed-cnn", "wavelet-svm"], config.Models.Select(m => m.Name));
        Assert.Equal(12, config.Models[0].Epochs);
        Assert.Equal(16, config.Models[0].BatchSize);
        Assert.Equal(MedVision.Training.AugmentConfig.On, config.Models[0].Augment);
        Assert.Equal("sym4", config.Models[1].Wavelet);
        Assert.Equal("1-3", config.Models[1].Levels);
        Assert.Equal(200, config.Evaluation.Bootstrap);
        Assert.Equal(0.95, config.Evaluation.TargetSensitivity);
        Assert.Equal(0.5, config.Evaluation.Threshold);
        Assert.Equal(42, config.Seed);
        Assert.False(config.Latex);
    }

    [Fact]
    public void Yaml_RoundTripsThroughToYaml()
    {
        var config = new ExperimentConfig { Data = "d", Seed = 3, Models = [new ModelConfig { Name = "wavelet-rf", Level = 4 }] };
        var again = ExperimentConfigLoader.Parse(ExperimentConfigLoader.ToYaml(config));
        Assert.Equal(config.Data, again.Data);
        Assert.Equal(config.Seed, again.Seed);
        Assert.Equal(config.Models[0], again.Models[0]);
        Assert.Equal(config.Protocol, again.Protocol);
        Assert.Equal(config.Evaluation, again.Evaluation);
    }

    [Fact]
    public void ClassifierParams_KeepTheirScikitLearnNames_ThroughToYaml()
    {
        var config = ExperimentConfigLoader.Parse("models:\n  - name: wavelet-rf\n    params:\n      n_estimators: 500\n  - name: wavelet-svm\n    params:\n      C: 10\n");
        var again = ExperimentConfigLoader.Parse(ExperimentConfigLoader.ToYaml(config));
        Assert.Equal("500", again.Models[0].Params!["n_estimators"]);
        Assert.Equal("10", again.Models[1].Params!["C"]);
    }

    [Theory]
    [InlineData("protocol:\n  folds: 1\n", "protocol.folds must be ≥ 2, got 1")]
    [InlineData("protocol:\n  kind: random\n", "protocol.kind must be auto, kfold, fixed or holdout, got 'random'")]
    [InlineData("models:\n  - name: a\n    epochs: 0\n", "model a: epochs must be ≥ 1, got 0")]
    [InlineData("models: []\n", "models must name at least one model")]
    [InlineData("evaluation:\n  threshold: 2\n", "evaluation.threshold must be in [0, 1], got 2")]
    [InlineData("models:\n  - name: wavelet-rf\n    params:\n      n_trees: 5\n", "model wavelet-rf: classifier rf: unknown parameter n_trees; it accepts n_estimators, criterion, max_depth, min_samples_split, min_samples_leaf")]
    [InlineData("models:\n  - name: wavelet-rf\n    params:\n      n_estimators: many\n", "model wavelet-rf: parameter n_estimators must be an integer, got 'many'")]
    [InlineData("models:\n  - name: wavelet-svm\n    params:\n      C: 1e400\n", "model wavelet-svm: parameter C must be a finite number, got '1e400'")]
    [InlineData("models:\n  - name: seed-cnn\n    augment: true\n    augment_preset: mirror\n", "model seed-cnn: augment_preset must be keras or dihedral, got 'mirror'")]
    [InlineData("models:\n  - name: seed-cnn\n    milestones: [3]\n", "model seed-cnn: milestones set the multistep schedule and gamma the step and multistep schedules; schedule is constant")]
    [InlineData("models:\n  - name: seed-cnn\n    schedule: onecycle\n    gamma: 0.5\n", "model seed-cnn: milestones set the multistep schedule and gamma the step and multistep schedules; schedule is onecycle")]
    [InlineData("models:\n  - name: seed-cnn\n    schedule: multistep\n    milestones: [0, 3]\n", "model seed-cnn: milestones must be one or more epochs ≥ 1, got [0, 3]")]
    [InlineData("models:\n  - name: seed-cnn\n    schedule: step\n    gamma: -1\n", "model seed-cnn: gamma must be a finite number > 0, got -1")]
    [InlineData("models:\n  - name: seed-cnn\n    monitor: f1\n", "model seed-cnn: unknown monitor 'f1'; known: loss, auc")]
    [InlineData("models:\n  - name: seed-cnn\n    init: xavier\n", "model seed-cnn: unknown init 'xavier'; known: reference, layer-defaults")]
    public void InvalidSettings_AreNamed(string yaml, string expected)
    {
        var e = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse(yaml, "study.yaml"));
        Assert.Equal($"study.yaml: {expected}", e.Message);
    }

    [Fact]
    public void UnknownKey_IsAnErrorWithItsLine()
    {
        var e = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse("seed: 1\nepochz: 3\n", "study.yaml"));
        Assert.StartsWith("study.yaml: line 2", e.Message, StringComparison.Ordinal);
    }
}
