using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// Batch normalisation over channel dimension 1 (PyTorch <c>_BatchNorm</c>): parameters <c>weight</c> (γ, ones)
/// and <c>bias</c> (β, zeros) when affine; buffers <c>running_mean</c> (zeros), <c>running_var</c> (ones) and
/// <c>num_batches_tracked</c> (a scalar count) when tracking running statistics. Training normalises with
/// the batch statistics and updates the running ones with <see cref="Momentum"/>; evaluation uses the running ones.
/// </summary>
public abstract class BatchNorm : Module
{
    private readonly Tensor? _runningMean;
    private readonly Tensor? _runningVar;
    private readonly Tensor? _batchesTracked;

    protected BatchNorm(int numFeatures, double eps, double momentum, bool affine, bool trackRunningStats)
    {
        if (numFeatures < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numFeatures), numFeatures, $"numFeatures must be ≥ 1, got {numFeatures}");
        }

        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = RegisterParameter("weight", Parameter.Filled(1f, numFeatures));
            Bias = RegisterParameter("bias", Parameter.Zeros(numFeatures));
        }

        if (trackRunningStats)
        {
            _runningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
            _runningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
            _batchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Scalar(0f));
        }
    }

    public int NumFeatures { get; }

    public double Eps { get; }

    public double Momentum { get; }

    public Parameter? Weight { get; }

    public Parameter? Bias { get; }

    /// <summary>Running mean (C), or null without running statistics.</summary>
    public Tensor? RunningMean => _runningMean;

    /// <summary>Running unbiased variance (C), or null without running statistics.</summary>
    public Tensor? RunningVar => _runningVar;

    /// <summary>Rank the input must have (2 or 3 for 1-d, 4 for 2-d).</summary>
    protected abstract bool AcceptsRank(int rank);

    /// <summary>
    /// <c>Ops.Relu(Forward(input))</c> as one op (<see cref="Ops.BatchNormRelu"/>, the same bits): the pattern of
    /// torchvision's ResNets, whose ReLU after a batch norm is in place. With a forward hook on this module, which must
    /// see the values before the ReLU, the two run apart.
    /// </summary>
    public Tensor ForwardRelu(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return HasForwardHooks ? Ops.Relu(Forward(input)) : Normalize(input, relu: true);
    }

    protected override Tensor ForwardCore(Tensor input) => Normalize(input, relu: false);

    private Tensor Normalize(Tensor input, bool relu)
    {
        if (!AcceptsRank(input.Rank) || input.Shape[1] != NumFeatures)
        {
            throw new ArgumentException($"{GetType().Name}({NumFeatures}) got input of shape [{string.Join(", ", input.ShapeArray())}]", nameof(input));
        }

        var useBatchStats = Training || _runningMean is null;
        if (Training && _batchesTracked is not null)
        {
            _batchesTracked.Data[0] += 1;
        }

        return relu
            ? Ops.BatchNormRelu(input, _runningMean, _runningVar, Weight, Bias, useBatchStats, (float)Momentum, (float)Eps)
            : Ops.BatchNorm(input, _runningMean, _runningVar, Weight, Bias, useBatchStats, (float)Momentum, (float)Eps);
    }
}
