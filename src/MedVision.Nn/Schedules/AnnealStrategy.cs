namespace MedVision.Nn.Schedules;

/// <summary>How <see cref="OneCycleLR"/> moves between the ends of a phase (PyTorch <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary>Half a cosine: <c>end + (start − end) · (1 + cos(π·p)) / 2</c>.</summary>
    Cos,

    /// <summary>A straight line: <c>start + (end − start) · p</c>.</summary>
    Linear,
}
