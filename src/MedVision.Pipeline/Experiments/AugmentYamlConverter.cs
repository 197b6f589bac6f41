using MedVision.Training;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace MedVision.Pipeline.Experiments;

/// <summary>
/// Reads and writes a model's <c>augment:</c> in its three forms: <c>true</c>/<c>false</c>, a named list
/// (<c>keras</c>), or a sequence whose items are <c>NAME</c> or <c>NAME: {parameter: value or [values]}</c>.
/// Names and parameters are checked later, by <see cref="AugmentationList"/>.
/// </summary>
internal sealed class AugmentYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(AugmentConfig);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return scalar.Value.ToLowerInvariant() switch
            {
                "true" => AugmentConfig.On,
                "false" or "" => null,
                _ => new AugmentConfig { Preset = scalar.Value },
            };
        }

        var start = parser.Current?.Start ?? Mark.Empty;
        if (!parser.TryConsume<SequenceStart>(out _))
        {
            throw new YamlException(start, start, "augment must be true, false, a preset name or a list of transforms");
        }

        var steps = new List<AugmentStep>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            steps.Add(ReadStep(parser));
        }

        return steps.Count == 0 ? null : new AugmentConfig { Steps = steps };
    }

    private static AugmentStep ReadStep(IParser parser)
    {
        var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (parser.TryConsume<Scalar>(out var bare))
        {
            return new AugmentStep(bare.Value, parameters);
        }

        var start = parser.Current?.Start ?? Mark.Empty;
        if (!parser.TryConsume<MappingStart>(out _) || !parser.TryConsume<Scalar>(out var name))
        {
            throw new YamlException(start, start, "each augment item must be a transform name or 'name: {parameters}'");
        }

        if (parser.TryConsume<MappingStart>(out _))
        {
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                parameters[key.Value] = ReadValues(parser, $"{name.Value}.{key.Value}");
            }
        }
        else if (!parser.TryConsume<Scalar>(out var empty) || empty.Value.Length > 0)
        {
            throw new YamlException(name.Start, name.End, $"augment item {name.Value}: its parameters must be a mapping such as {{p: 0.5}}");
        }

        if (!parser.TryConsume<MappingEnd>(out _))
        {
            throw new YamlException(name.Start, name.End, $"augment item {name.Value}: one transform per list item");
        }

        return new AugmentStep(name.Value, parameters);
    }

    private static List<string> ReadValues(IParser parser, string what)
    {
        if (parser.TryConsume<Scalar>(out var one))
        {
            return [one.Value];
        }

        var start = parser.Current?.Start ?? Mark.Empty;
        if (!parser.TryConsume<SequenceStart>(out _))
        {
            throw new YamlException(start, start, $"augment {what}: a value must be a number, a word or a list of numbers");
        }

        var values = new List<string>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            values.Add(parser.Consume<Scalar>().Value);
        }

        return values;
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
    {
        var augment = (AugmentConfig?)value;
        if (augment is null || (augment.Preset is null && augment.Steps.Count == 0))
        {
            emitter.Emit(new Scalar(augment is null ? "false" : "true"));
            return;
        }

        if (augment.Preset is { } preset)
        {
            emitter.Emit(new Scalar(preset));
            return;
        }

        emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
        foreach (var step in augment.Steps)
        {
            emitter.Emit(new MappingStart(null, null, false, MappingStyle.Block));
            emitter.Emit(new Scalar(step.Name));
            emitter.Emit(new MappingStart(null, null, false, MappingStyle.Flow));
            foreach (var (key, values) in step.Parameters)
            {
                emitter.Emit(new Scalar(key));
                if (values.Count == 1)
                {
                    emitter.Emit(new Scalar(values[0]));
                }
                else
                {
                    emitter.Emit(new SequenceStart(null, null, false, SequenceStyle.Flow));
                    foreach (var v in values)
                    {
                        emitter.Emit(new Scalar(v));
                    }

                    emitter.Emit(new SequenceEnd());
                }
            }

            emitter.Emit(new MappingEnd());
            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new SequenceEnd());
    }
}
