namespace MedVision.Nn.Weights;

/// <summary>
/// A PyTorch checkpoint whose pickle names a global (callable or class) that a state dict never needs, such
/// as <c>os.system</c> or <c>builtins.eval</c>. The file is refused before anything is built from it; nothing
/// in a pickle is ever executed.
/// </summary>
public sealed class UnsafePickleException : WeightFormatException
{
    public UnsafePickleException()
    {
        Global = string.Empty;
    }

    public UnsafePickleException(string message)
        : base(message)
    {
        Global = string.Empty;
    }

    public UnsafePickleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Global = string.Empty;
    }

    /// <summary>Creates the error for the refused <paramref name="global"/> (<c>module.name</c>) in <paramref name="source"/>.</summary>
    public UnsafePickleException(string source, string global, string reason)
        : base(source, $"refused pickle global '{global}': {reason}")
    {
        Global = global;
    }

    /// <summary>The refused global as <c>module.name</c>.</summary>
    public string Global { get; }
}
