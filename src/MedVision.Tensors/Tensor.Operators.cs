namespace MedVision.Tensors;

/// <summary>Operators and fluent shortcuts; each forwards to the <see cref="Ops"/> function of the same name.</summary>
public partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    public static Tensor operator +(Tensor a, float b) => Ops.Add(a, b);

    public static Tensor operator +(float a, Tensor b) => Ops.Add(b, a);

    public static Tensor operator -(Tensor a, Tensor b) => Ops.Sub(a, b);

    public static Tensor operator -(Tensor a, float b) => Ops.Sub(a, b);

    public static Tensor operator -(float a, Tensor b) => Ops.Add(Ops.Neg(b), a);

    public static Tensor operator *(Tensor a, Tensor b) => Ops.Mul(a, b);

    public static Tensor operator *(Tensor a, float b) => Ops.Mul(a, b);

    public static Tensor operator *(float a, Tensor b) => Ops.Mul(b, a);

    public static Tensor operator /(Tensor a, Tensor b) => Ops.Div(a, b);

    public static Tensor operator /(Tensor a, float b) => Ops.Div(a, b);

    public static Tensor operator -(Tensor a) => Ops.Neg(a);

    /// <inheritdoc cref="Ops.Reshape"/>
    public Tensor Reshape(params int[] shape) => Ops.Reshape(this, shape);

    /// <inheritdoc cref="Ops.View"/>
    public Tensor View(params int[] shape) => Ops.Reshape(this, shape);

    /// <inheritdoc cref="Ops.Flatten"/>
    public Tensor Flatten(int startDim = 0, int endDim = -1) => Ops.Flatten(this, startDim, endDim);

    /// <inheritdoc cref="Ops.Transpose"/>
    public Tensor Transpose(int dim0, int dim1) => Ops.Transpose(this, dim0, dim1);

    /// <inheritdoc cref="Ops.Permute"/>
    public Tensor Permute(params int[] dims) => Ops.Permute(this, dims);

    /// <inheritdoc cref="Ops.MatMul"/>
    public Tensor MatMul(Tensor other) => Ops.MatMul(this, other);

    /// <inheritdoc cref="Ops.Sum(Tensor)"/>
    public Tensor Sum() => Ops.Sum(this);

    /// <inheritdoc cref="Ops.Sum(Tensor, int, bool)"/>
    public Tensor Sum(int dim, bool keepDim = false) => Ops.Sum(this, dim, keepDim);

    /// <inheritdoc cref="Ops.Mean(Tensor)"/>
    public Tensor Mean() => Ops.Mean(this);

    /// <inheritdoc cref="Ops.Mean(Tensor, int, bool)"/>
    public Tensor Mean(int dim, bool keepDim = false) => Ops.Mean(this, dim, keepDim);

    /// <inheritdoc cref="Ops.Exp"/>
    public Tensor Exp() => Ops.Exp(this);

    /// <inheritdoc cref="Ops.Log"/>
    public Tensor Log() => Ops.Log(this);

    /// <inheritdoc cref="Ops.Pow"/>
    public Tensor Pow(float exponent) => Ops.Pow(this, exponent);

    /// <inheritdoc cref="Ops.Square"/>
    public Tensor Square() => Ops.Square(this);

    /// <inheritdoc cref="Ops.Relu"/>
    public Tensor Relu() => Ops.Relu(this);

    /// <inheritdoc cref="Ops.Sigmoid"/>
    public Tensor Sigmoid() => Ops.Sigmoid(this);

    /// <inheritdoc cref="Ops.Tanh"/>
    public Tensor Tanh() => Ops.Tanh(this);

    /// <inheritdoc cref="Ops.Softmax"/>
    public Tensor Softmax(int dim = -1) => Ops.Softmax(this, dim);

    /// <inheritdoc cref="Ops.LogSoftmax"/>
    public Tensor LogSoftmax(int dim = -1) => Ops.LogSoftmax(this, dim);
}
