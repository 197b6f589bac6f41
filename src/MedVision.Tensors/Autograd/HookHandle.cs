namespace MedVision.Tensors.Autograd;

/// <summary>Returned by <see cref="Tensor.RegisterHook"/>; <see cref="Remove"/> unregisters the hook (PyTorch <c>RemovableHandle</c>).</summary>
public sealed class HookHandle
{
    private Action? _remove;

    internal HookHandle(Action remove) => _remove = remove;

    /// <summary>Unregisters the hook; later calls do nothing.</summary>
    public void Remove()
    {
        _remove?.Invoke();
        _remove = null;
    }
}
