using MedVision.Nn;
using MedVision.Tensors;

namespace MedVision.Training.Tests;

/// <summary>
/// Checkpoint fingerprints of settings that configs could already write: these hex digests were computed by the trainer
/// when its settings were strings (optimizer "sgd", schedule "step" with StepEpochs 2, …), so a checkpoint written then is
/// still resumed now that they are typed.
/// </summary>
public sealed class FingerprintGoldenTests
{
    public static TheoryData<string, string> Golden => new()
    {
        { "default", "0378d4f27aacef67675b52333c0c77bcfea6dc41f66eae35233532e5b4769f1b" },
        { "sgd", "1a77cb824b99ed9c91f2df05af89611c672602f5675fa6f232eb12e27e9aa78c" },
        { "adamw-onecycle", "12b70672aeaf44d965b30f16cdb9e994112ccc109e60d3a37f4571602806724b" },
        { "rmsprop-step", "d11eb196e4e0b678c9636e847494fe8e4f8bda7afedefc42bb12020c2364dcd6" },
        { "cosine-multiclass", "16b292752716c256fc255f6251bf3584f8c9ff4459d6267203c9977f492d0b79" },
        { "balanced-binary", "b75e27dae943f6f0f219472c03e1b0e78712dda63a433a14eed9c6905cbef533" },
    };

    private static TrainerOptions Options(string name) => name switch
    {
        "default" => new TrainerOptions(),
        "sgd" => new TrainerOptions { Optimizer = new OptimizerFactory.Sgd(), Epochs = 4, BatchSize = 5, LearningRate = 0.01 },
        "adamw-onecycle" => new TrainerOptions { Optimizer = new OptimizerFactory.AdamW(), Schedule = new ScheduleFactory.OneCycle(), FreezeEpochs = 1, LrRatio = 10, ClipGradNorm = 1, LrFind = true },
        "rmsprop-step" => new TrainerOptions { Optimizer = new OptimizerFactory.RmsProp(), Schedule = new ScheduleFactory.Step(Epochs: 2), Patience = 3, Sampling = BatchSampling.Balanced, Seed = 9 },
        "cosine-multiclass" => new TrainerOptions { Schedule = new ScheduleFactory.Cosine(), Classes = 3, Loss = new LossFactory.CrossEntropy(BalanceClasses: true, LabelSmoothing: 0.05), Augmentation = "dihedral", CheckpointDirectory = "/tmp/x" },
        _ => new TrainerOptions { Loss = new LossFactory.BinaryCrossEntropy(BalanceClasses: true), Classes = 2 },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Fingerprint_OfSettingsAConfigCouldWriteBefore_IsUnchanged(string name, string expected)
    {
        var images = Enumerable.Range(0, 12).Select(i => new Imaging.Image(1, 4, 4, [.. Enumerable.Range(0, 16).Select(v => (float)(((v * 7) + i) % 11))])).ToList();
        var train = TensorSet.From(images, [.. Enumerable.Range(0, 12).Select(i => i % 3)], 1f / 11);
        var model = new Sequential(new Flatten(), new Linear(16, 3, generator: new Generator(5)));
        var options = Options(name);
        Assert.Equal(expected, new Trainer(model, options).Fingerprint(train, null, options.Augmentation is not null));
    }
}
