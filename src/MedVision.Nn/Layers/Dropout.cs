using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// Dropout (PyTorch <c>nn.Dropout</c>): in training, zeroes each element with probability <see cref="P"/> and
/// scales the rest by 1/(1 − p); the identity in evaluation. Masks come from the given generator (default
/// <see cref="Module.DefaultGenerator"/>), so a seed fixes them.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Generator? _generator;

    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"p must be in [0, 1], got {p}");
        }

        P = p;
        _generator = generator;
    }

    public double P { get; }

    /// <summary>The generator masks are drawn from (the one given, else <see cref="Module.DefaultGenerator"/> at the time of the call); a checkpoint saves its state.</summary>
    public Generator Generator => _generator ?? DefaultGenerator;

    protected override Tensor ForwardCore(Tensor input) => Ops.Dropout(input, (float)P, Training, Generator);
}
