namespace MedVision.Tensors.Autograd;

/// <summary>The scope opened by <see cref="GradMode.NoGrad"/>; disposing it restores recording.</summary>
public readonly struct NoGradScope : IDisposable, IEquatable<NoGradScope>
{
    private readonly bool _open;

    internal NoGradScope(bool open) => _open = open;

    /// <summary>Closes the scope.</summary>
    public void Dispose()
    {
        if (_open)
        {
            GradMode.Exit();
        }
    }

    public bool Equals(NoGradScope other) => _open == other._open;

    public override bool Equals(object? obj) => obj is NoGradScope other && Equals(other);

    public override int GetHashCode() => _open.GetHashCode();

    public static bool operator ==(NoGradScope left, NoGradScope right) => left.Equals(right);

    public static bool operator !=(NoGradScope left, NoGradScope right) => !left.Equals(right);
}
