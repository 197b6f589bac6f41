using MedVision.Nn;
using MedVision.Tensors;

namespace MedVision.Training.Tests;

/// <summary>
/// Known answers of whole runs: the losses, best epoch, learning rate and weights of small fits over every optimiser,
/// schedule, loss and sampling, computed by the trainer before its choices were typed factories and its finder, early
/// stopping and checkpoints callbacks (relative tolerance 1e-5, for machines with other SIMD widths; printed by this file's Run at commit 9eaa5fa with the string settings). The typed settings and callbacks
/// must train exactly as the string settings and the inline loop did.
/// </summary>
public sealed class GoldenRunTests
{
    private static (TensorSet Train, TensorSet Validation) Data(int classes)
    {
        var g = new Generator(21);
        TensorSet Set(int n)
        {
            var images = new List<Imaging.Image>();
            var labels = new List<int>();
            for (var i = 0; i < n; i++)
            {
                var label = i % classes;
                var pixels = new float[64];
                g.FillUniform(pixels, 0, 1);
                for (var p = 0; p < 8 * (label + 1); p++)
                {
                    pixels[p] += 0.5f;
                }

                images.Add(new Imaging.Image(1, 8, 8, pixels));
                labels.Add(label);
            }

            return TensorSet.From(images, labels, 1);
        }

        return (Set(30), Set(12));
    }

    private static Module Model(int outputs) => new Sequential(
        new Conv2d(1, 4, 3, generator: new Generator(3)), new ReLU(), new Flatten(),
        new Linear(4 * 6 * 6, 8, generator: new Generator(4)), new ReLU(), new Dropout(0.2, new Generator(5)),
        new Linear(8, outputs, generator: new Generator(6)));

    private static (IReadOnlyList<double> TrainLoss, IReadOnlyList<double> ValidationLoss, int BestEpoch, double LearningRate, double AbsWeights) Run(TrainerOptions options)
    {
        var classes = Math.Max(options.Classes, 2);
        var (train, validation) = Data(classes);
        var model = Model(classes > 2 ? classes : 1);
        var history = new Trainer(model, options).Fit(train, validation);
        return (history.TrainLoss, history.ValidationLoss, history.BestEpoch, history.LearningRate, model.StateDict().Sum(w => w.Value.Values.Sum(v => Math.Abs((double)v))));
    }

    private static readonly Dictionary<string, (TrainerOptions Options, double[] TrainLoss, double[] ValidationLoss, int BestEpoch, double LearningRate, double AbsWeights)> Golden = new()
    {
        ["adam-constant"] = (new TrainerOptions { Epochs = 2, BatchSize = 5, Seed = 1 }, [0.7007455329100291, 0.6927718619505564], [0.6884950821937998, 0.6829704095090873], 1, 0.001, 57.19163182238117),
        ["adamw-onecycle-freeze"] = (new TrainerOptions { Optimizer = new OptimizerFactory.AdamW(), Schedule = new ScheduleFactory.OneCycle(), FreezeEpochs = 1, Epochs = 2, BatchSize = 6, LrRatio = 10, ClipGradNorm = 1, Seed = 2 }, [0.6991927146911621, 0.6982358455657959, 0.7038681030273437], [0.6882188439556192, 0.687328271467407, 0.6870248800729509], 2, 0.001, 57.0587440731324),
        ["sgd-step-patience"] = (new TrainerOptions { Optimizer = new OptimizerFactory.Sgd(), Schedule = new ScheduleFactory.Step(Epochs: 1), Epochs = 4, BatchSize = 4, LearningRate = 0.05, Patience = 1, Seed = 3 }, [0.7022513707478841, 0.6752737601598103, 0.6639018535614014, 0.662766969203949], [0.6673434786690292, 0.6632680278289325, 0.6626706690801784, 0.6626035679332091], 3, 0.05, 57.79600524174748),
        ["rmsprop-cosine-balanced"] = (new TrainerOptions { Optimizer = new OptimizerFactory.RmsProp(), Schedule = new ScheduleFactory.Cosine(), Sampling = BatchSampling.Balanced, Loss = new LossFactory.BinaryCrossEntropy(BalanceClasses: true), Epochs = 2, BatchSize = 7, Seed = 4 }, [0.6925391415754955, 0.6723938882350922], [0.6635138342900585, 0.6583063993506809], 1, 0.001, 58.88016302784672),
        ["lrfind"] = (new TrainerOptions { LrFind = true, Epochs = 1, BatchSize = 4, Seed = 5 }, [5.873819013436635], [0.8602275795978914], 0, 0.35111917342151344, 1188.3230357565044),
        ["multiclass"] = (new TrainerOptions { Classes = 3, Loss = new LossFactory.CrossEntropy(BalanceClasses: true, LabelSmoothing: 0.1), Optimizer = new OptimizerFactory.Sgd(), Schedule = new ScheduleFactory.OneCycle(), Epochs = 2, BatchSize = 5, Seed = 6 }, [1.1012034217516582, 1.1018558740615845], [1.100166823506534, 1.1001095566198233], 1, 0.001, 61.29896618919156),
    };

    public static TheoryData<string> Runs => [.. Golden.Keys];

    [Theory]
    [MemberData(nameof(Runs))]
    public void Run_TrainsAsBeforeTheSettingsWereTyped(string name)
    {
        var expected = Golden[name];
        var actual = Run(expected.Options);
        static void Near(double want, double got, string what) =>
            Assert.True(Math.Abs(want - got) <= 1e-5 * Math.Max(1, Math.Abs(want)), $"{what}: expected {want:R}, got {got:R}");

        Assert.Equal(expected.TrainLoss.Length, actual.TrainLoss.Count);
        for (var e = 0; e < expected.TrainLoss.Length; e++)
        {
            Near(expected.TrainLoss[e], actual.TrainLoss[e], $"training loss of epoch {e + 1}");
            Near(expected.ValidationLoss[e], actual.ValidationLoss[e], $"validation loss of epoch {e + 1}");
        }

        Assert.Equal(expected.BestEpoch, actual.BestEpoch);
        Near(expected.LearningRate, actual.LearningRate, "learning rate");
        Near(expected.AbsWeights, actual.AbsWeights, "sum of |weights|");
    }
}
