namespace MedVision.Tensors;

/// <summary>
/// An open <see cref="Parallelism.Scope(int)"/>: until it is disposed, the kernels called from the flow that opened it
/// use its thread count. Disposing it restores the count in force when it was opened.
/// </summary>
public sealed class ParallelismScope : IDisposable
{
    private readonly int _previous;
    private bool _disposed;

    internal ParallelismScope(int previous) => _previous = previous;

    /// <summary>Restores the thread count in force when the scope was opened (once; later calls do nothing).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Parallelism.Restore(_previous);
        }
    }
}
