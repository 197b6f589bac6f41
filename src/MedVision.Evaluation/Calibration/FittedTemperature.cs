namespace MedVision.Evaluation;

/// <summary>A fitted temperature (<see cref="TemperatureScaling"/>): p = softmax(z / <see cref="Temperature"/>).</summary>
/// <param name="Temperature">T; above 1 softens an over-confident model, below 1 sharpens an under-confident one.</param>
/// <param name="CrossEntropy">Mean cross-entropy of the fitting cases at <see cref="Temperature"/>.</param>
/// <param name="Cases">Cases it was fitted on.</param>
/// <param name="Classes">Classes K.</param>
public sealed record FittedTemperature(double Temperature, double CrossEntropy, int Cases, int Classes)
{
    /// <summary>Why the fit stopped at a bound, if it did.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>softmax(z / T) of each row of <paramref name="logits"/> (cases × <see cref="Classes"/>) into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<double> logits, Span<double> destination)
    {
        if (logits.Length % Classes != 0 || destination.Length != logits.Length)
        {
            throw new ArgumentException($"expected rows of {Classes} logits and a destination as long, got {logits.Length} and {destination.Length}", nameof(logits));
        }

        for (var start = 0; start < logits.Length; start += Classes)
        {
            var row = logits.Slice(start, Classes);
            var output = destination.Slice(start, Classes);
            var max = double.NegativeInfinity;
            foreach (var z in row)
            {
                max = Math.Max(max, z / Temperature);
            }

            var sum = 0.0;
            for (var c = 0; c < Classes; c++)
            {
                output[c] = Math.Exp((row[c] / Temperature) - max);
                sum += output[c];
            }

            for (var c = 0; c < Classes; c++)
            {
                output[c] /= sum;
            }
        }
    }

    /// <summary>The rescaled probabilities of class <paramref name="probabilities"/> (as <see cref="TemperatureScaling.Logits"/> reads them).</summary>
    public double[] ApplyToProbabilities(ReadOnlySpan<double> probabilities)
    {
        var result = new double[probabilities.Length];
        Apply(TemperatureScaling.Logits(probabilities), result);
        return result;
    }
}
