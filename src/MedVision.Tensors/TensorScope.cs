namespace MedVision.Tensors;

/// <summary>
/// A region of code whose recorded intermediate tensors give their storage back to the pool when the region ends,
/// so that a training loop reuses the same activation buffers step after step instead of allocating them afresh
/// (TorchSharp's <c>DisposeScope</c>, restricted to autograd intermediates).
/// </summary>
/// <remarks>
/// <para>Every tensor an op records into the autograd graph while the scope is open on this thread (a non-leaf:
/// activations, logits, the loss) belongs to the scope. <see cref="Dispose"/> returns their storage and marks them
/// released: reading one afterwards throws <see cref="ObjectDisposedException"/>, so a tensor kept by mistake fails
/// loudly instead of showing another step's numbers. Leaves are never touched: parameters, their gradients,
/// optimiser state, inputs and anything made by a factory (<see cref="Tensor.Zeros(int[])"/>, <see cref="Tensor.From(float[])"/>).</para>
/// <para>To keep an intermediate past the scope, call <see cref="Keep"/>, <see cref="Tensor.Detach"/> or
/// <see cref="Tensor.Clone"/> on it inside the scope. Views share storage with their base: keeping either keeps both.
/// Scopes nest; a tensor belongs to the innermost one.</para>
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? _current;

    private readonly TensorScope? _parent;
    private readonly List<(Tensor Tensor, bool View)> _owned = [];
    private readonly HashSet<float[]> _kept = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<float[]>? _rented;
    private bool _disposed;

    private TensorScope(TensorScope? parent, bool everything)
    {
        _parent = parent;
        _rented = everything ? new HashSet<float[]>(ReferenceEqualityComparer.Instance) : null;
    }

    /// <summary>
    /// Opens a scope on this thread; use as <c>using (TensorScope.Begin()) { … }</c>. With
    /// <paramref name="everything"/> the scope also owns every tensor created inside whose storage it saw rented from
    /// the pool (op outputs without gradient recording, factory tensors): the mode for an inference loop, where nothing
    /// made inside is meant to outlive the scope. Tensors over storage made outside (inputs, <c>Tensor.Wrap</c>,
    /// views of older tensors) are never touched.
    /// </summary>
    public static TensorScope Begin(bool everything = false) => _current = new TensorScope(_current, everything);

    /// <summary>Number of tensors the scope will release (for tests and diagnostics).</summary>
    public int Count => _owned.Count;

    /// <summary>Keeps <paramref name="tensor"/> (and every view of its storage) valid after the scope ends; returns it.</summary>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        _kept.Add(tensor.Storage);
        return tensor;
    }

    /// <summary>Releases the storage of the recorded intermediates not kept, and closes the scope.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!ReferenceEquals(_current, this))
        {
            throw new InvalidOperationException("TensorScope disposed out of order: an inner scope opened after it is still open");
        }

        _disposed = true;
        _current = _parent;
        var returned = new HashSet<float[]>(ReferenceEqualityComparer.Instance);
        foreach (var (tensor, view) in _owned)
        {
            var storage = tensor.StorageOrNull;
            // An everything-scope returns only what it saw rented and not given back; a storage already back in the
            // pool must not be returned twice.
            if (storage is null || _kept.Contains(storage) || (_rented is not null && !_rented.Contains(storage)))
            {
                continue;
            }

            tensor.Release();
            if (!view && returned.Add(storage))
            {
                StoragePool.Return(storage);
            }
        }

        _owned.Clear();
    }

    /// <summary>
    /// Gives <paramref name="spent"/>'s storage back to the pool now instead of when the scope ends, so that an inference
    /// forward pass needs the memory of the few activations alive at once rather than of all of them (what reference
    /// counting gives PyTorch). Only inside an everything-scope (<see cref="Begin"/>) with gradient recording off, and
    /// only for storage rented inside this scope, not kept, and not shared with a tensor of <paramref name="live"/> (the
    /// result that consumed <paramref name="spent"/>, the input of the module computing it). The caller promises that
    /// nothing else reads <paramref name="spent"/> or a view of it again; reading it throws
    /// <see cref="ObjectDisposedException"/>. Returns whether the storage went back.
    /// </summary>
    public static bool Recycle(Tensor spent, params ReadOnlySpan<Tensor> live)
    {
        ArgumentNullException.ThrowIfNull(spent);
        if (!Autograd.GradMode.IsEnabled && _current is { _rented: { } rented } scope
            && spent.StorageOrNull is { } storage && rented.Contains(storage) && !scope._kept.Contains(storage))
        {
            foreach (var tensor in live)
            {
                if (ReferenceEquals(tensor.StorageOrNull, storage))
                {
                    return false;
                }
            }

            spent.Release();
            StoragePool.Return(storage);
            return true;
        }

        return false;
    }

    /// <summary>Adds an op's recorded output to the innermost open scope; a view (storage shared with an input) is released but its storage is not returned.</summary>
    internal static void Register(Tensor output, Tensor?[] inputs)
    {
        if (_current is not { } scope)
        {
            return;
        }

        var storage = output.Storage;
        var view = false;
        foreach (var input in inputs)
        {
            if (input is not null && ReferenceEquals(input.StorageOrNull, storage))
            {
                view = true;
                break;
            }
        }

        scope._owned.Add((output, view));
    }

    /// <summary>In an everything-scope, takes a new tensor whose storage was rented inside the scope (else it is left alone).</summary>
    internal static void Created(Tensor tensor, float[] storage)
    {
        if (_current is { _rented: { } rented } scope && rented.Contains(storage))
        {
            scope._owned.Add((tensor, false));
        }
    }

    /// <summary>Notes an array rented from the pool on this thread while an everything-scope is open.</summary>
    internal static void Rented(float[] storage) => _current?._rented?.Add(storage);

    /// <summary>Notes an array given back to the pool on this thread (it is no longer the scope's to return).</summary>
    internal static void Returned(float[] storage) => _current?._rented?.Remove(storage);

    /// <summary>Marks <paramref name="storage"/> as shared by a tensor that outlives every open scope (a detached view).</summary>
    internal static void Escape(float[] storage)
    {
        for (var scope = _current; scope is not null; scope = scope._parent)
        {
            scope._kept.Add(storage);
        }
    }
}
