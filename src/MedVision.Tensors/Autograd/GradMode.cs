namespace MedVision.Tensors.Autograd;

/// <summary>
/// Whether ops record the autograd graph on the current thread (PyTorch <c>torch.is_grad_enabled()</c> and
/// <c>torch.no_grad()</c>). Recording is on unless a <see cref="NoGrad"/> scope is open on this thread.
/// </summary>
public static class GradMode
{
    [ThreadStatic]
    private static int _disabledDepth;

    /// <summary>True when ops on tensors that require grad are recorded (no <see cref="NoGrad"/> scope open on this thread).</summary>
    public static bool IsEnabled => _disabledDepth == 0;

    /// <summary>
    /// Opens a scope in which nothing is recorded: results never require grad. Use as
    /// <c>using (GradMode.NoGrad()) { … }</c>; scopes nest.
    /// </summary>
    public static NoGradScope NoGrad()
    {
        _disabledDepth++;
        return new NoGradScope(true);
    }

    internal static void Exit() => _disabledDepth--;
}
