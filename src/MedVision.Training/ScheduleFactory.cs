using System.Text.Json.Serialization;
using MedVision.Nn.Schedules;

namespace MedVision.Training;

/// <summary>
/// Makes the learning-rate schedule of one training phase, stepped after every batch: a typed choice with its
/// parameters (<c>new ScheduleFactory.Step(Epochs: 5)</c>). <see cref="TrainingChoices"/> names the built-in ones for configs; derive
/// from it for a schedule of your own.
/// </summary>
public abstract record ScheduleFactory
{
    /// <summary>The name configs use for this schedule (<c>onecycle</c>).</summary>
    [JsonIgnore]
    public abstract string Name { get; }

    /// <summary>The schedule of a phase of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> batches; null for a constant rate.</summary>
    public abstract ILearningRateSchedule? Create(int epochs, int stepsPerEpoch);

    /// <summary>Throws <see cref="ArgumentException"/> naming a parameter out of range.</summary>
    public virtual void Validate()
    {
    }

    /// <summary>The learning rate throughout.</summary>
    public sealed record Constant : ScheduleFactory
    {
        /// <inheritdoc/>
        public override string Name => "constant";

        /// <inheritdoc/>
        public override ILearningRateSchedule? Create(int epochs, int stepsPerEpoch) => null;
    }

    /// <summary>One cycle over the phase (<c>torch.optim.lr_scheduler.OneCycleLR</c>); the trainer cycles β₁/momentum with it.</summary>
    public sealed record OneCycle(double PctStart = 0.3, double DivFactor = 25, double FinalDivFactor = 1e4) : ScheduleFactory
    {
        /// <inheritdoc/>
        public override string Name => "onecycle";

        /// <inheritdoc/>
        public override ILearningRateSchedule? Create(int epochs, int stepsPerEpoch) => new OneCycleLR(new OneCycleOptions
        {
            TotalSteps = epochs * stepsPerEpoch,
            PctStart = PctStart,
            DivFactor = DivFactor,
            FinalDivFactor = FinalDivFactor,
        });
    }

    /// <summary>Cosine annealing from the rate to 0 over the phase, without warm-up.</summary>
    public sealed record Cosine : ScheduleFactory
    {
        /// <inheritdoc/>
        public override string Name => "cosine";

        /// <inheritdoc/>
        public override ILearningRateSchedule? Create(int epochs, int stepsPerEpoch) => new CosineWarmupLR(0, epochs * stepsPerEpoch);
    }

    /// <summary>The rate × <paramref name="Gamma"/> every <paramref name="Epochs"/> epochs (0: a third of the phase, at least 1).</summary>
    public sealed record Step(int Epochs = 0, double Gamma = 0.1) : ScheduleFactory
    {
        /// <inheritdoc/>
        public override string Name => "step";

        /// <inheritdoc/>
        public override void Validate()
        {
            if (Epochs < 0 || !(Gamma > 0))
            {
                throw new ArgumentException($"the step schedule needs epochs ≥ 0 (step_epochs) and gamma > 0; got {Epochs} and {Gamma}");
            }
        }

        /// <inheritdoc/>
        public override ILearningRateSchedule? Create(int epochs, int stepsPerEpoch) =>
            new StepLR((Epochs > 0 ? Epochs : Math.Max(1, epochs / 3)) * stepsPerEpoch, Gamma);
    }

    /// <summary>
    /// The rate × <paramref name="Gamma"/> at each of <paramref name="Milestones"/>, epochs counted from the phase's start
    /// (<c>torch.optim.lr_scheduler.MultiStepLR</c> stepped once per epoch); null: at half and three quarters of the phase,
    /// MedMNIST v2's 50 and 75 of 100 epochs.
    /// </summary>
    public sealed record MultiStep(IReadOnlyList<int>? Milestones = null, double Gamma = 0.1) : ScheduleFactory
    {
        /// <inheritdoc/>
        public override string Name => "multistep";

        /// <inheritdoc/>
        public override void Validate()
        {
            if (Milestones is { } m && (m.Count == 0 || m.Any(e => e < 1)) || !(Gamma > 0))
            {
                throw new ArgumentException(
                    $"the multistep schedule needs one or more milestones ≥ 1 (epochs) and gamma > 0; got [{string.Join(", ", Milestones ?? [])}] and {Gamma}");
            }
        }

        /// <summary>The milestones in epochs for a phase of <paramref name="epochs"/> epochs.</summary>
        public IReadOnlyList<int> MilestonesFor(int epochs) => Milestones ?? [Math.Max(1, epochs / 2), Math.Max(1, 3 * epochs / 4)];

        /// <inheritdoc/>
        public override ILearningRateSchedule? Create(int epochs, int stepsPerEpoch) =>
            new MultiStepLR(MilestonesFor(epochs).Select(e => e * stepsPerEpoch), Gamma);
    }
}
