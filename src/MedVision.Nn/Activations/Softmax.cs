using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>Softmax along <see cref="Dim"/> (PyTorch <c>nn.Softmax</c>; default the last dimension).</summary>
public sealed class Softmax : Module
{
    public Softmax(int dim = -1) => Dim = dim;

    public int Dim { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.Softmax(input, Dim);

    /// <summary>softmax(z) of one row of logits into <paramref name="p"/>, computed in double after subtracting the maximum.</summary>
    public static void Row(ReadOnlySpan<float> z, Span<double> p)
    {
        if (p.Length != z.Length)
        {
            throw new ArgumentException($"{z.Length} logits need {z.Length} probabilities, got room for {p.Length}", nameof(p));
        }

        var max = double.NegativeInfinity;
        foreach (var v in z)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        for (var c = 0; c < z.Length; c++)
        {
            p[c] = Math.Exp(z[c] - max);
            sum += p[c];
        }

        for (var c = 0; c < z.Length; c++)
        {
            p[c] /= sum;
        }
    }
}
