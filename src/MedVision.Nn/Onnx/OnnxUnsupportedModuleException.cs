namespace MedVision.Nn.Onnx;

/// <summary>A module of the network has no ONNX form; the message names its path in the network and its type.</summary>
public sealed class OnnxUnsupportedModuleException : NotSupportedException
{
    public OnnxUnsupportedModuleException(string modulePath, Type moduleType, string? reason = null)
        : base($"ONNX export: module '{(modulePath.Length == 0 ? "(root)" : modulePath)}' ({moduleType?.Name}) {reason ?? "has no ONNX emitter"}")
    {
        ArgumentNullException.ThrowIfNull(moduleType);
        ModulePath = modulePath;
        ModuleType = moduleType;
    }

    public OnnxUnsupportedModuleException()
        : this(string.Empty, typeof(Module))
    {
    }

    public OnnxUnsupportedModuleException(string message)
        : base(message)
    {
        ModulePath = string.Empty;
        ModuleType = typeof(Module);
    }

    public OnnxUnsupportedModuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        ModulePath = string.Empty;
        ModuleType = typeof(Module);
    }

    /// <summary>Dotted path of the module in the exported network ("" for the network itself).</summary>
    public string ModulePath { get; }

    /// <summary>The module's type.</summary>
    public Type ModuleType { get; }
}
