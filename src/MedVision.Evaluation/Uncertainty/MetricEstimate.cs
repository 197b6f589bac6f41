using System.Text.Json.Serialization;

namespace MedVision.Evaluation;

/// <summary>
/// A metric with its confidence interval: the <c>{ "value", "ci_low", "ci_high" }</c> object of
/// <c>results.json</c>. Without an interval the bounds are NaN; NaN (an undefined metric or interval) is
/// written to JSON as <c>null</c>.
/// </summary>
[JsonConverter(typeof(MetricEstimateJsonConverter))]
public sealed record MetricEstimate(double Value, double CiLow, double CiHigh)
{
    /// <summary>A point value with no interval.</summary>
    public static MetricEstimate Point(double value) => new(value, double.NaN, double.NaN);

    /// <summary>True when both bounds are numbers.</summary>
    public bool HasInterval => !double.IsNaN(CiLow) && !double.IsNaN(CiHigh);
}
