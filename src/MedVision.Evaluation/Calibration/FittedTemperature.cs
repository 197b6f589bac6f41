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
    public void Apply(ReadOnlySpan<double> logits, Span<double> destination) => TemperatureScaling.Apply(logits, destination, Temperature, Classes);

    /// <summary>The rescaled probabilities of class <paramref name="probabilities"/> (as <see cref="TemperatureScaling.Logits"/> reads them).</summary>
    public double[] ApplyToProbabilities(ReadOnlySpan<double> probabilities) => TemperatureScaling.Scale(probabilities, Temperature, Classes);
}
