using System.Text.Json.Nodes;

namespace MedVision.Classical.Persistence;

/// <summary>JSON building blocks of saved estimators: number arrays and <c>{ shape, data }</c> matrices.</summary>
internal static class StateWriter
{
    public static JsonArray Numbers(IEnumerable<double> values) => [.. values.Select(Number)];

    public static JsonArray Numbers(IEnumerable<int> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];

    public static JsonObject Matrix(FeatureMatrix m) => new()
    {
        ["shape"] = Numbers([m.Rows, m.Cols]),
        ["data"] = Numbers(m.Values),
    };

    /// <summary>A finite number as itself (System.Text.Json writes the shortest text that reads back to the same bits); NaN and ±∞ as strings.</summary>
    public static JsonNode Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
