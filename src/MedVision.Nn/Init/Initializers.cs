using MedVision.Tensors;

namespace MedVision.Nn.Init;

/// <summary>
/// Weight initialisers of <c>torch.nn.init</c> over a flat span holding a tensor of the given shape (C order),
/// drawing from a seeded <see cref="Generator"/> so that the same seed gives the same weights. Fans are those of
/// <c>_calculate_fan_in_and_fan_out</c>: for shape (out, in, k…), fan_in = in·∏k and fan_out = out·∏k.
/// </summary>
public static class Initializers
{
    /// <summary>
    /// PyTorch's <c>_calculate_fan_in_and_fan_out</c>: the receptive field is the product of dimensions 2…;
    /// fan_in = shape[1]·field, fan_out = shape[0]·field. Needs at least two dimensions.
    /// </summary>
    public static (int FanIn, int FanOut) CalculateFans(ReadOnlySpan<int> shape)
    {
        if (shape.Length < 2)
        {
            throw new ArgumentException($"fans need a shape with at least 2 dimensions, got {shape.Length}", nameof(shape));
        }

        var field = 1;
        for (var i = 2; i < shape.Length; i++)
        {
            field *= shape[i];
        }

        return (shape[1] * field, shape[0] * field);
    }

    /// <summary>
    /// PyTorch's <c>calculate_gain</c>: 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for ReLU,
    /// √(2 / (1 + slope²)) for leaky ReLU (<paramref name="param"/> = negative slope, default 0.01), 3/4 for SELU.
    /// </summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double? param = null) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Conv or Nonlinearity.Sigmoid => 1,
        Nonlinearity.Tanh => 5.0 / 3,
        Nonlinearity.Relu => Math.Sqrt(2),
        Nonlinearity.LeakyRelu => Math.Sqrt(2 / (1 + Math.Pow(param ?? 0.01, 2))),
        Nonlinearity.Selu => 3.0 / 4,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "unknown non-linearity"),
    };

    /// <summary>Fills <paramref name="values"/> from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static void Uniform(Span<float> values, double low, double high, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!(high >= low))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"high must be ≥ low ({low}), got {high}");
        }

        generator.FillDoubleUniform(values, low, high);
    }

    /// <summary>Fills <paramref name="values"/> from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    public static void Normal(Span<float> values, double mean, double std, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!(std >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, $"std must be ≥ 0, got {std}");
        }

        generator.FillNormal(values, mean, std);
    }

    /// <summary>Fills <paramref name="values"/> with <paramref name="value"/> (<c>constant_</c>, <c>zeros_</c>, <c>ones_</c>).</summary>
    public static void Constant(Span<float> values, float value) => values.Fill(value);

    /// <summary>
    /// He/Kaiming uniform (<c>kaiming_uniform_</c>): U(−b, b) with b = gain·√(3 / fan), gain from
    /// <paramref name="nonlinearity"/> (default leaky ReLU with slope <paramref name="a"/> = 0, i.e. √2).
    /// </summary>
    public static void KaimingUniform(Span<float> values, ReadOnlySpan<int> shape, Generator generator, double a = 0,
        FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu)
    {
        var bound = Math.Sqrt(3) * KaimingStd(values, shape, a, mode, nonlinearity);
        Uniform(values, -bound, bound, generator);
    }

    /// <summary>He/Kaiming normal (<c>kaiming_normal_</c>): N(0, (gain / √fan)²).</summary>
    public static void KaimingNormal(Span<float> values, ReadOnlySpan<int> shape, Generator generator, double a = 0,
        FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu) =>
        Normal(values, 0, KaimingStd(values, shape, a, mode, nonlinearity), generator);

    /// <summary>Glorot/Xavier uniform (<c>xavier_uniform_</c>): U(−b, b) with b = gain·√(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Span<float> values, ReadOnlySpan<int> shape, Generator generator, double gain = 1)
    {
        var bound = Math.Sqrt(3) * XavierStd(values, shape, gain);
        Uniform(values, -bound, bound, generator);
    }

    /// <summary>Glorot/Xavier normal (<c>xavier_normal_</c>): N(0, gain²·2 / (fan_in + fan_out)).</summary>
    public static void XavierNormal(Span<float> values, ReadOnlySpan<int> shape, Generator generator, double gain = 1) =>
        Normal(values, 0, XavierStd(values, shape, gain), generator);

    /// <summary>
    /// The default initialisation of <c>nn.Conv2d</c> and <c>nn.Linear</c> (<c>reset_parameters</c>): weight from
    /// <c>kaiming_uniform_(a=√5)</c>, i.e. U(±1/√fan_in), and bias (when given) from U(±1/√fan_in).
    /// </summary>
    public static void DefaultLayer(Span<float> weight, ReadOnlySpan<int> weightShape, Span<float> bias, Generator generator)
    {
        KaimingUniform(weight, weightShape, generator, a: Math.Sqrt(5));
        var (fanIn, _) = CalculateFans(weightShape);
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        Uniform(bias, -bound, bound, generator);
    }

    private static double KaimingStd(Span<float> values, ReadOnlySpan<int> shape, double a, FanMode mode, Nonlinearity nonlinearity)
    {
        CheckShape(values, shape);
        var (fanIn, fanOut) = CalculateFans(shape);
        var fan = mode == FanMode.FanIn ? fanIn : fanOut;
        if (fan == 0)
        {
            throw new ArgumentException($"Kaiming initialisation of a tensor with a zero {mode} is undefined (shape [{string.Join(", ", shape.ToArray())}])", nameof(shape));
        }

        return CalculateGain(nonlinearity, a) / Math.Sqrt(fan);
    }

    private static double XavierStd(Span<float> values, ReadOnlySpan<int> shape, double gain)
    {
        CheckShape(values, shape);
        var (fanIn, fanOut) = CalculateFans(shape);
        return gain * Math.Sqrt(2.0 / (fanIn + fanOut));
    }

    private static void CheckShape(Span<float> values, ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
        }

        if (count != values.Length)
        {
            throw new ArgumentException($"values must hold {count} elements for shape [{string.Join(", ", shape.ToArray())}], got {values.Length}", nameof(values));
        }
    }
}
