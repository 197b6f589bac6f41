using System.Text.Json;
using System.Text.Json.Serialization;

namespace MedVision.Evaluation;

/// <summary>Writes <see cref="MetricEstimate"/> as <c>{ "value": v, "ci_low": l, "ci_high": h }</c>, non-finite numbers as <c>null</c>; reads it back.</summary>
public sealed class MetricEstimateJsonConverter : JsonConverter<MetricEstimate>
{
    /// <inheritdoc />
    public override MetricEstimate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"metric estimate must be an object, got {reader.TokenType}");
        }

        double value = double.NaN, low = double.NaN, high = double.NaN;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var number = reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();
            switch (name)
            {
                case "value": value = number; break;
                case "ci_low": low = number; break;
                case "ci_high": high = number; break;
                default: break;
            }
        }

        return new MetricEstimate(value, low, high);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, MetricEstimate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        WriteNumber(writer, "value", value.Value);
        WriteNumber(writer, "ci_low", value.CiLow);
        WriteNumber(writer, "ci_high", value.CiHigh);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double number)
    {
        if (double.IsFinite(number))
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
