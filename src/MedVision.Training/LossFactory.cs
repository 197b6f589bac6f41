using System.Text.Json.Serialization;
using MedVision.Nn.Losses;
using MedVision.Tensors;

namespace MedVision.Training;

/// <summary>
/// Makes the training loss of a run from its training set: a typed choice with its parameters. The built-in two are the
/// binary and the K-class classification losses; <see cref="ForClasses"/> gives the one that fits a network of a given
/// number of classes, keeping the class weighting. <see cref="TrainingChoices.Losses"/> names them; derive from it for a loss of your own.
/// </summary>
public abstract record LossFactory
{
    /// <summary>The loss's name in <see cref="TrainingChoices.Losses"/> and in checkpoint fingerprints.</summary>
    [JsonIgnore]
    public abstract string Name { get; }

    /// <summary>
    /// The loss for a network of <paramref name="classes"/> classes (2: one logit per sample; K ≥ 3: K logits) trained on
    /// <paramref name="train"/>, whose labels may set class weights.
    /// </summary>
    public abstract ILoss Create(TensorSet train, int classes);

    /// <summary>Throws <see cref="ArgumentException"/> when this loss cannot train a network of <paramref name="classes"/> classes or a parameter is out of range.</summary>
    public virtual void Validate(int classes)
    {
    }

    /// <summary>The loss of this family for a network of <paramref name="classes"/> classes; this one when it fits.</summary>
    public virtual LossFactory ForClasses(int classes) => this;

    /// <summary>
    /// BCE with logits (<c>nn.BCEWithLogitsLoss</c>) of a one-logit network; with <paramref name="BalanceClasses"/> the positive
    /// class weighs negatives/positives (<c>pos_weight</c>; 1 when the set has no positives).
    /// </summary>
    public sealed record BinaryCrossEntropy(bool BalanceClasses = false) : LossFactory
    {
        /// <inheritdoc/>
        public override string Name => "bce_with_logits";

        /// <inheritdoc/>
        public override ILoss Create(TensorSet train, int classes)
        {
            ArgumentNullException.ThrowIfNull(train);
            Validate(classes);
            var positives = train.Labels.Count(l => l == 1);
            return new BCEWithLogitsLoss(BalanceClasses && positives > 0 ? Tensor.Full((float)(train.Count - positives) / positives, 1) : null);
        }

        /// <inheritdoc/>
        public override void Validate(int classes)
        {
            if (classes > 2)
            {
                throw new ArgumentException($"binary cross-entropy trains one logit; {classes} classes need cross_entropy");
            }
        }

        /// <inheritdoc/>
        public override LossFactory ForClasses(int classes) => classes > 2 ? new CrossEntropy(BalanceClasses) : this;
    }

    /// <summary>
    /// Softmax cross-entropy (<c>nn.CrossEntropyLoss</c>) of a K-logit network, K ≥ 3, with label smoothing ε
    /// (<paramref name="LabelSmoothing"/>, in [0, 1)); with <paramref name="BalanceClasses"/> class k weighs n / (K·n_k)
    /// (<see cref="BalancedClassWeights"/>).
    /// </summary>
    public sealed record CrossEntropy(bool BalanceClasses = false, double LabelSmoothing = 0) : LossFactory
    {
        /// <inheritdoc/>
        public override string Name => "cross_entropy";

        /// <inheritdoc/>
        public override ILoss Create(TensorSet train, int classes)
        {
            ArgumentNullException.ThrowIfNull(train);
            Validate(classes);
            var weight = BalanceClasses ? Tensor.From(BalancedClassWeights(train.Labels, classes), classes) : null;
            return new CrossEntropyLoss(weight, LabelSmoothing);
        }

        /// <inheritdoc/>
        public override void Validate(int classes)
        {
            if (!(LabelSmoothing >= 0 && LabelSmoothing < 1) || classes <= 2)
            {
                throw new ArgumentException($"label smoothing must be in [0, 1) and needs three or more classes (binary networks train BCE); got {LabelSmoothing} with {Math.Max(classes, 2)} classes");
            }
        }

        /// <inheritdoc/>
        public override LossFactory ForClasses(int classes) => classes <= 2 && LabelSmoothing == 0 ? new BinaryCrossEntropy(BalanceClasses) : this;
    }

    /// <summary>
    /// Class weights n / (K·n_k) for labels in [0, K), as scikit-learn's <c>compute_class_weight('balanced')</c>; a class
    /// without samples weighs 0 (scikit-learn refuses it).
    /// </summary>
    public static float[] BalancedClassWeights(IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new int[classes];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return [.. counts.Select(n => n == 0 ? 0f : (float)((double)labels.Count / (classes * n)))];
    }
}
