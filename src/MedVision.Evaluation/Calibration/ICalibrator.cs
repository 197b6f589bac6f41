namespace MedVision.Evaluation;

/// <summary>An unfitted calibrator: <see cref="Fit"/> learns a map from scores to probabilities on validation data.</summary>
public interface ICalibrator
{
    /// <summary>Learns the map from <paramref name="scores"/> with their 0/1 <paramref name="labels"/>.</summary>
    IFittedCalibrator Fit(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores);
}

/// <summary>A fitted calibrator: maps scores to calibrated probabilities.</summary>
public interface IFittedCalibrator
{
    /// <summary>The calibrated probability of one score.</summary>
    double Predict(double score);

    /// <summary>Calibrated probabilities of <paramref name="scores"/> into <paramref name="destination"/> (same length).</summary>
    void Predict(ReadOnlySpan<double> scores, Span<double> destination);
}
