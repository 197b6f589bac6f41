namespace MedVision.Nn;

/// <summary>Returned by <see cref="Module.RegisterForwardHook"/>; <see cref="Remove"/> unregisters the hook.</summary>
public sealed class ForwardHookHandle
{
    private Action? _remove;

    internal ForwardHookHandle(Action remove) => _remove = remove;

    /// <summary>Unregisters the hook; later calls do nothing.</summary>
    public void Remove()
    {
        _remove?.Invoke();
        _remove = null;
    }
}
