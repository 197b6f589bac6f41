namespace MedVision.Nn.Init;

/// <summary>Which fan Kaiming initialisation preserves: the forward pass's variance (fan-in) or the backward pass's (fan-out).</summary>
public enum FanMode
{
    FanIn,
    FanOut,
}
