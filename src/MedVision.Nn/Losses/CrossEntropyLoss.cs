using MedVision.Tensors;

namespace MedVision.Nn.Losses;

/// <summary>
/// Cross-entropy over classes (PyTorch <c>nn.CrossEntropyLoss</c>) for logits (N, C) and class indices (N)
/// given as a float tensor of integers. With class weights w the mean is Σ w[yᵢ]·nllᵢ / Σ w[yᵢ]; with label
/// smoothing ε the loss is (1 − ε)·nll + ε/C·Σ_c w_c·(−log pᵢc), reduced the same way (PyTorch ≥ 1.10).
/// </summary>
public sealed class CrossEntropyLoss : ILoss
{
    public CrossEntropyLoss(Tensor? weight = null, double labelSmoothing = 0, Reduction reduction = Reduction.Mean)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"labelSmoothing must be in [0, 1], got {labelSmoothing}");
        }

        Weight = weight;
        LabelSmoothing = labelSmoothing;
        Reduction = reduction;
    }

    /// <summary>Per-class weights (C), or null for equal weights.</summary>
    public Tensor? Weight { get; }

    public double LabelSmoothing { get; }

    public Reduction Reduction { get; }

    public Tensor Forward(Tensor input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (input.Rank != 2 || target.Rank != 1 || target.Shape[0] != input.Shape[0])
        {
            throw new ArgumentException($"CrossEntropyLoss needs logits (N, C) and targets (N), got [{string.Join(", ", input.ShapeArray())}] and [{string.Join(", ", target.ShapeArray())}]", nameof(target));
        }

        int n = input.Shape[0], c = input.Shape[1];
        if (Weight is not null && Weight.Length != c)
        {
            throw new ArgumentException($"weight must hold {c} values (one per class), got {Weight.Length}", nameof(input));
        }

        var classes = new int[n];
        for (var i = 0; i < n; i++)
        {
            var y = target.Data[i];
            classes[i] = (int)y;
            if (classes[i] != y || classes[i] < 0 || classes[i] >= c)
            {
                throw new ArgumentException($"targets must be class indices in [0, {c}), got {y} at position {i}", nameof(target));
            }
        }

        // logp (N, C); nll (N) = −logp[i, yᵢ]·w[yᵢ]
        var logp = Ops.LogSoftmax(input, 1);
        var picked = Ops.Reshape(Ops.Gather(logp, 1, Tensor.From([.. classes.Select(k => (float)k)], n, 1)), n);
        var sampleWeights = Weight is null ? null : Tensor.From([.. classes.Select(k => Weight.Data[k])], n);
        var nll = Ops.Neg(sampleWeights is null ? picked : Ops.Mul(picked, sampleWeights));
        var denominator = sampleWeights is null ? n : sampleWeights.ToArray().Sum();
        var loss = Reduce(nll, denominator);
        if (LabelSmoothing == 0)
        {
            return loss;
        }

        // smooth (N) = −Σ_c w_c·logp[i, c]
        var smooth = Ops.Neg(Ops.Sum(Weight is null ? logp : Ops.Mul(logp, Ops.Reshape(Weight, 1, c)), 1));
        return Ops.Add(Ops.Mul(loss, (float)(1 - LabelSmoothing)), Ops.Mul(Reduce(smooth, denominator), (float)(LabelSmoothing / c)));
    }

    private Tensor Reduce(Tensor perSample, float denominator) => Reduction switch
    {
        Reduction.None => perSample,
        Reduction.Sum => Ops.Sum(perSample),
        _ => Ops.Div(Ops.Sum(perSample), denominator),
    };
}
