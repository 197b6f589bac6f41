using System.Globalization;
using System.Text;
using MedVision.Tensors.Autograd;

namespace MedVision.Tensors;

/// <summary>
/// A float32 n-dimensional array with a shape, contiguous row-major (C-order) storage and reverse-mode
/// automatic differentiation, as <c>torch.Tensor</c> restricted to float32 on the CPU.
/// </summary>
/// <remarks>
/// <para>Element <c>(i0, …, iR-1)</c> lives at <c>Σ ik·stride(k)</c> with <c>stride(R-1) = 1</c>. Every tensor is
/// contiguous; <see cref="Ops.Reshape"/> returns a view over the same storage, permutations copy.</para>
/// <para>Autograd: a tensor created by an op from inputs that require a gradient records that op
/// (<see cref="IsLeaf"/> is false). <see cref="Backward(Tensor?, bool)"/> walks the recorded graph once in reverse and
/// adds each leaf's gradient into its <see cref="Grad"/> (gradients accumulate across calls, as in PyTorch;
/// clear them with <see cref="ZeroGrad"/>). Inside <see cref="GradMode.NoGrad"/> nothing is recorded.</para>
/// </remarks>
public partial class Tensor
{
    private readonly int[] _shape;
    private float[]? _storage;
    private bool _requiresGrad;
    private List<Action<Tensor>>? _hooks;
    private bool _retainGrad;

    internal Tensor(float[] storage, int[] shape)
    {
        _storage = storage;
        _shape = shape;
        Length = ShapeMath.Count(shape);
        TensorScope.Created(this, storage);
    }

    /// <summary>A tensor that shares <paramref name="source"/>'s storage and shape, as a new leaf (for <c>Parameter</c>-style subclasses).</summary>
    protected Tensor(Tensor source, bool requiresGrad)
    {
        ArgumentNullException.ThrowIfNull(source);
        _storage = source.Storage;
        TensorScope.Escape(_storage);
        _shape = source._shape;
        Length = source.Length;
        _requiresGrad = requiresGrad;
    }

    /// <summary>The backing array; its first <see cref="Length"/> values are the elements in C order.</summary>
    internal float[] Storage => _storage ?? throw new ObjectDisposedException(
        nameof(Tensor), $"this {ShapeMath.Format(_shape)} tensor was an intermediate of a TensorScope that has ended (or one an inference pass recycled after its last use); Keep, Detach or Clone it inside the scope to use it afterwards");

    /// <summary>The backing array, or null once a <see cref="TensorScope"/> has released it.</summary>
    internal float[]? StorageOrNull => _storage;

    /// <summary>The recorded op that produced this tensor, or null for a leaf.</summary>
    internal Node? GradFn { get; set; }

    /// <summary>Gradient summed so far during one backward pass (engine state).</summary>
    internal Tensor? PendingGrad { get; set; }

    /// <summary>The sizes of the dimensions, outermost first (PyTorch <c>shape</c>).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions (PyTorch <c>dim()</c>).</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements (PyTorch <c>numel()</c>).</summary>
    public int Length { get; }

    /// <summary>The elements in C order, writable. Writing bypasses autograd (use it for initialisation and optimiser steps).</summary>
    public Span<float> Data => Storage.AsSpan(0, Length);

    /// <summary>The size of dimension <paramref name="dim"/>; negative values count from the end (PyTorch <c>size(dim)</c>).</summary>
    public int Size(int dim) => _shape[ShapeMath.NormalizeDim(dim, Rank, nameof(dim))];

    /// <summary>A copy of the shape.</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    /// <summary>
    /// Whether ops on this tensor are recorded for <see cref="Backward(Tensor?, bool)"/>. Only leaves may change it
    /// (PyTorch <c>requires_grad_</c>).
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null && !value)
            {
                throw new InvalidOperationException("RequiresGrad can only be cleared on a leaf tensor; use Detach() instead");
            }

            _requiresGrad = value;
        }
    }

    /// <summary>True for tensors not produced by a recorded op: user-created tensors and parameters.</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>
    /// The gradient accumulated by <see cref="Backward(Tensor?, bool)"/>, same shape as this tensor; null until the
    /// first backward pass that reaches it. Kept for leaves, and for non-leaves after <see cref="RetainGrad"/>.
    /// </summary>
    public Tensor? Grad { get; set; }

    /// <summary>Name of the op that produced this tensor (e.g. "Conv2d"), or null for a leaf.</summary>
    public string? GradFnName => GradFn?.Name;

    /// <summary>A new leaf tensor that shares this tensor's storage and is outside the graph (PyTorch <c>detach()</c>).</summary>
    public Tensor Detach()
    {
        TensorScope.Escape(Storage);
        return new(Storage, _shape);
    }

    /// <summary>Drops the storage (a <see cref="TensorScope"/> gave it back to the pool).</summary>
    internal void Release() => _storage = null;

    /// <summary>A copy of the data as a new leaf tensor (PyTorch <c>clone().detach()</c>).</summary>
    public Tensor Clone()
    {
        var copy = StoragePool.Rent(Length);
        Data.CopyTo(copy);
        return new Tensor(copy, _shape);
    }

    /// <summary>The elements in C order, copied.</summary>
    public float[] ToArray() => Data.ToArray();

    /// <summary>The only element of a one-element tensor (PyTorch <c>item()</c>).</summary>
    public float Item()
    {
        if (Length != 1)
        {
            throw new InvalidOperationException($"Item() needs a tensor with one element, got shape {ShapeMath.Format(_shape)}");
        }

        return Storage[0];
    }

    /// <summary>The element at the given indices (one per dimension).</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] indices]
    {
        get => Storage[ShapeMath.Offset(_shape, indices)];
        set => Storage[ShapeMath.Offset(_shape, indices)] = value;
    }

    /// <summary>Keeps this non-leaf tensor's gradient in <see cref="Grad"/> after backward (PyTorch <c>retain_grad()</c>).</summary>
    public void RetainGrad() => _retainGrad = true;

    /// <summary>Sets <see cref="Grad"/> to null (PyTorch <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ZeroGrad() => Grad = null;

    /// <summary>
    /// Sets <see cref="Grad"/> to null and gives its storage back to the pool, so the next backward pass reuses it
    /// instead of allocating (a 100-million-weight layer's gradient is 400 MB). For a loop that owns its gradients:
    /// the released gradient tensor throws <see cref="ObjectDisposedException"/> if it is read afterwards.
    /// </summary>
    public void ReleaseGrad()
    {
        if (Grad?.StorageOrNull is { } storage)
        {
            Grad.Release();
            StoragePool.Return(storage);
        }

        Grad = null;
    }

    /// <summary>
    /// Registers <paramref name="hook"/> to be called with this tensor's full gradient (same shape) during each
    /// backward pass, before it flows further back (PyTorch <c>register_hook</c>). The hook may keep the gradient
    /// tensor; it must not write to it. Used to capture a module output's gradient, e.g. for Grad-CAM.
    /// </summary>
    /// <returns>A handle whose <see cref="HookHandle.Remove"/> unregisters the hook.</returns>
    public HookHandle RegisterHook(Action<Tensor> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        if (!RequiresGrad)
        {
            throw new InvalidOperationException("cannot register a gradient hook on a tensor that does not require grad");
        }

        var hooks = _hooks ??= [];
        hooks.Add(hook);
        return new HookHandle(() => hooks.Remove(hook));
    }

    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad and adds it to
    /// their <see cref="Grad"/> (PyTorch <c>backward()</c>). <paramref name="gradient"/> is dL/d(this), same
    /// shape; it may be omitted only for a one-element tensor (then 1). The graph is released afterwards
    /// unless <paramref name="retainGraph"/>.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (!RequiresGrad)
        {
            throw new InvalidOperationException("Backward() called on a tensor that does not require grad (no input of its graph has RequiresGrad set)");
        }

        if (gradient is null && Length != 1)
        {
            throw new ArgumentException($"gradient can be omitted only for one-element tensors, this one has shape {ShapeMath.Format(_shape)}", nameof(gradient));
        }

        if (gradient is not null && !gradient.Shape.SequenceEqual(Shape))
        {
            throw new ArgumentException($"gradient must have shape {ShapeMath.Format(_shape)}, got {ShapeMath.Format(gradient._shape)}", nameof(gradient));
        }

        var seed = gradient is null ? Full(1f, _shape) : gradient.Clone();
        Graph.Run(this, seed, retainGraph);
    }

    /// <summary>Runs the hooks and keeps the gradient if asked; returns true if the gradient tensor must be kept alive.</summary>
    internal bool OnGradient(Tensor grad)
    {
        var keep = false;
        if (_hooks is { Count: > 0 })
        {
            foreach (var hook in _hooks.ToArray())
            {
                hook(grad);
            }

            keep = true;
        }

        if (_retainGrad)
        {
            if (Grad is null)
            {
                Grad = grad;
                keep = true;
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Add(Grad.Data, grad.Data, Grad.Data);
            }
        }

        return keep;
    }

    /// <summary>Shape and the first few values, e.g. <c>Tensor(2, 3) [0.1, 0.2, …]</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("Tensor").Append(ShapeMath.Format(_shape)).Append(" [");
        var n = Math.Min(Length, 8);
        for (var i = 0; i < n; i++)
        {
            sb.Append(i == 0 ? string.Empty : ", ").Append(Storage[i].ToString("G6", CultureInfo.InvariantCulture));
        }

        return sb.Append(Length > n ? ", …]" : "]").ToString();
    }

    // ---- factories ----

    /// <summary>A tensor over a copy of <paramref name="data"/> with the given shape (C order; PyTorch <c>torch.tensor(data).reshape(shape)</c>).</summary>
    public static Tensor From(ReadOnlySpan<float> data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ShapeMath.Validate(shape, nameof(shape));
        var count = ShapeMath.Count(shape);
        if (count != data.Length)
        {
            throw new ArgumentException($"data holds {data.Length} values, shape {ShapeMath.Format(shape)} needs {count}", nameof(data));
        }

        var storage = StoragePool.Rent(count);
        data.CopyTo(storage);
        return new Tensor(storage, (int[])shape.Clone());
    }

    /// <summary>A one-dimensional tensor over a copy of <paramref name="data"/>.</summary>
    public static Tensor From(float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return From(data, data.Length);
    }

    /// <summary>A tensor that wraps <paramref name="data"/> without copying (writes to either are seen by both).</summary>
    public static Tensor Wrap(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        ShapeMath.Validate(shape, nameof(shape));
        if (ShapeMath.Count(shape) != data.Length)
        {
            throw new ArgumentException($"data holds {data.Length} values, shape {ShapeMath.Format(shape)} needs {ShapeMath.Count(shape)}", nameof(data));
        }

        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>A zero-filled tensor (PyTorch <c>torch.zeros</c>).</summary>
    public static Tensor Zeros(params int[] shape) => Full(0f, shape);

    /// <summary>A tensor of ones (PyTorch <c>torch.ones</c>).</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor filled with <paramref name="value"/> (PyTorch <c>torch.full</c>).</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ShapeMath.Validate(shape, nameof(shape));
        var storage = StoragePool.Rent(ShapeMath.Count(shape));
        var t = new Tensor(storage, (int[])shape.Clone());
        t.Data.Fill(value);
        return t;
    }

    /// <summary>A zero-dimensional tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(float value) => Full(value, []);

    /// <summary>Values uniform in [0, 1) from <paramref name="generator"/> (PyTorch <c>torch.rand</c>).</summary>
    public static Tensor Rand(Generator generator, params int[] shape) => Uniform(generator, 0f, 1f, shape);

    /// <summary>Values uniform in [<paramref name="low"/>, <paramref name="high"/>) from <paramref name="generator"/> (PyTorch <c>uniform_</c>).</summary>
    public static Tensor Uniform(Generator generator, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Zeros(shape);
        generator.FillUniform(t.Data, low, high);
        return t;
    }

    /// <summary>Standard-normal values from <paramref name="generator"/> (PyTorch <c>torch.randn</c>).</summary>
    public static Tensor Randn(Generator generator, params int[] shape) => Normal(generator, 0f, 1f, shape);

    /// <summary>Normal values with the given mean and standard deviation from <paramref name="generator"/> (PyTorch <c>normal_</c>).</summary>
    public static Tensor Normal(Generator generator, float mean, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Zeros(shape);
        generator.FillNormal(t.Data, mean, std);
        return t;
    }
}
