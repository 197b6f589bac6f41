namespace MedVision.Nn.Schedules;

/// <summary>How <see cref="ReduceLROnPlateau"/> decides that a value improves on the best so far (PyTorch <c>threshold_mode</c>).</summary>
public enum ThresholdMode
{
    /// <summary>Relative: better than best · (1 ∓ threshold).</summary>
    Rel,

    /// <summary>Absolute: better than best ∓ threshold.</summary>
    Abs,
}
