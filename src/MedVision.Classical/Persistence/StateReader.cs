using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedVision.Classical.Persistence;

/// <summary>
/// Typed, checked access to one JSON object of a saved estimator. Every getter throws
/// <see cref="EstimatorFormatException"/> naming the source and the field's JSON path when the value is absent, of the
/// wrong kind or of the wrong length. Public so that files which embed saved estimators (model bundles) check their own
/// fields the same way.
/// </summary>
public sealed class StateReader
{
    private readonly JsonObject _node;

    private StateReader(JsonObject node, string source, string path)
    {
        _node = node;
        Source = source;
        Path = path;
    }

    /// <summary>The file (or in-memory source) being read.</summary>
    public string Source { get; }

    /// <summary>JSON path of this object (empty at the root).</summary>
    public string Path { get; }

    /// <summary>A reader over <paramref name="node"/>, which must be a JSON object.</summary>
    public static StateReader Root(JsonNode? node, string source, string path = "") =>
        node is JsonObject o ? new StateReader(o, source, path)
            : throw new EstimatorFormatException(source, path.Length == 0 ? "(root)" : path, $"expected a JSON object, got {Kind(node)}");

    /// <summary>The JSON path of member <paramref name="name"/>.</summary>
    public string Field(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    /// <summary>An error about member <paramref name="name"/>.</summary>
    public EstimatorFormatException Error(string name, string message) => new(Source, Field(name), message);

    /// <summary>Whether member <paramref name="name"/> is present and not null.</summary>
    public bool Has(string name) => _node.TryGetPropertyValue(name, out var v) && v is not null;

    /// <summary>A string member.</summary>
    public string String(string name) =>
        Required(name) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
            : throw Error(name, $"expected a string, got {Kind(_node[name])}");

    /// <summary>A boolean member.</summary>
    public bool Bool(string name) => Required(name).GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error(name, $"expected true or false, got {Kind(_node[name])}"),
    };

    /// <summary>A number member (NaN and ±Infinity as strings).</summary>
    public double Double(string name) => AsDouble(Required(name), Field(name));

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string name, int min = int.MinValue, int max = int.MaxValue) => AsInt(Required(name), Field(name), min, max);

    /// <summary>An array of numbers, of <paramref name="length"/> elements when given.</summary>
    public double[] Doubles(string name, int? length = null)
    {
        var array = Array(name, length);
        var values = new double[array.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = AsDouble(array[i], $"{Field(name)}[{i}]");
        }

        return values;
    }

    /// <summary>An array of integers in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int[] Ints(string name, int? length = null, int min = int.MinValue, int max = int.MaxValue)
    {
        var array = Array(name, length);
        var values = new int[array.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = AsInt(array[i], $"{Field(name)}[{i}]", min, max);
        }

        return values;
    }

    /// <summary>An array of integer arrays of <paramref name="rowLength"/> elements each, every value in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int[][] IntRows(string name, int rowLength, int min = int.MinValue, int max = int.MaxValue)
    {
        var array = Array(name, null);
        var rows = new int[array.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            var path = $"{Field(name)}[{i}]";
            if (array[i] is not JsonArray row)
            {
                throw new EstimatorFormatException(Source, path, $"expected an array, got {Kind(array[i])}");
            }

            if (row.Count != rowLength)
            {
                throw new EstimatorFormatException(Source, path, $"expected {rowLength} elements, got {row.Count}");
            }

            rows[i] = [.. row.Select((n, j) => AsInt(n, $"{path}[{j}]", min, max))];
        }

        return rows;
    }

    /// <summary>An array of strings, of <paramref name="length"/> elements when given.</summary>
    public string[] Strings(string name, int? length = null)
    {
        var array = Array(name, length);
        var values = new string[array.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
                : throw new EstimatorFormatException(Source, $"{Field(name)}[{i}]", $"expected a string, got {Kind(array[i])}");
        }

        return values;
    }

    /// <summary>A matrix saved as <c>{ "shape": [rows, cols], "data": [...] }</c>, with optional expected dimensions.</summary>
    public FeatureMatrix Matrix(string name, int? rows = null, int? cols = null)
    {
        var m = Object(name);
        var shape = m.Ints("shape", 2, min: 0);
        if (rows is { } r && shape[0] != r)
        {
            throw m.Error("shape", $"expected {r} rows, got {shape[0]}");
        }

        if (cols is { } c && shape[1] != c)
        {
            throw m.Error("shape", $"expected {c} columns, got {shape[1]}");
        }

        return new FeatureMatrix(shape[0], shape[1], m.Doubles("data", checked(shape[0] * shape[1])));
    }

    /// <summary>An object member.</summary>
    public StateReader Object(string name) => Root(Required(name), Source, Field(name));

    /// <summary>An object member as a detached JSON object.</summary>
    public JsonObject ObjectNode(string name) =>
        Required(name) is JsonObject o ? (JsonObject)o.DeepClone() : throw Error(name, $"expected an object, got {Kind(_node[name])}");

    /// <summary>An array of objects.</summary>
    public IReadOnlyList<StateReader> Objects(string name, int? length = null)
    {
        var array = Array(name, length);
        return [.. array.Select((n, i) => Root(n, Source, $"{Field(name)}[{i}]"))];
    }

    /// <summary>An array of arrays of objects (e.g. boosting stages × outputs).</summary>
    public IReadOnlyList<IReadOnlyList<StateReader>> ObjectRows(string name, int? length = null, int? rowLength = null)
    {
        var array = Array(name, length);
        var rows = new List<IReadOnlyList<StateReader>>();
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"{Field(name)}[{i}]";
            if (array[i] is not JsonArray row)
            {
                throw new EstimatorFormatException(Source, path, $"expected an array, got {Kind(array[i])}");
            }

            if (rowLength is { } n && row.Count != n)
            {
                throw new EstimatorFormatException(Source, path, $"expected {n} elements, got {row.Count}");
            }

            rows.Add([.. row.Select((node, j) => Root(node, Source, $"{path}[{j}]"))]);
        }

        return rows;
    }

    /// <summary>An array of <paramref name="length"/> number arrays, row i of length <paramref name="rowLength"/>(i).</summary>
    public double[][] ObjectRowsOfNumbers(string name, int length, Func<int, int> rowLength)
    {
        var array = Array(name, length);
        var rows = new double[length][];
        for (var i = 0; i < length; i++)
        {
            var path = $"{Field(name)}[{i}]";
            if (array[i] is not JsonArray row)
            {
                throw new EstimatorFormatException(Source, path, $"expected an array, got {Kind(array[i])}");
            }

            if (row.Count != rowLength(i))
            {
                throw new EstimatorFormatException(Source, path, $"expected {rowLength(i)} elements, got {row.Count}");
            }

            rows[i] = [.. row.Select((n, j) => AsDouble(n, $"{path}[{j}]"))];
        }

        return rows;
    }

    private JsonArray Array(string name, int? length)
    {
        if (Required(name) is not JsonArray array)
        {
            throw Error(name, $"expected an array, got {Kind(_node[name])}");
        }

        if (length is { } n && array.Count != n)
        {
            throw Error(name, $"expected {n} elements, got {array.Count}");
        }

        return array;
    }

    private JsonNode Required(string name) =>
        _node.TryGetPropertyValue(name, out var value) && value is not null ? value : throw Error(name, "missing");

    private double AsDouble(JsonNode? node, string path)
    {
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number)
            {
                return v.GetValue<double>();
            }

            // NaN and ±Infinity are written as strings (JSON has no literal for them).
            if (v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is "NaN" or "Infinity" or "-Infinity")
            {
                return double.Parse(v.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new EstimatorFormatException(Source, path, $"expected a number, got {Kind(node)}");
    }

    private int AsInt(JsonNode? node, string path, int min, int max)
    {
        var value = AsDouble(node, path);
        if (value != Math.Floor(value) || value < min || value > max)
        {
            var range = max == int.MaxValue ? $"an integer ≥ {min}" : $"an integer in [{min}, {max}]";
            throw new EstimatorFormatException(Source, path, $"expected {(min == int.MinValue ? "an integer" : range)}, got {value}");
        }

        return (int)value;
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.ToJsonString(),
    };
}
