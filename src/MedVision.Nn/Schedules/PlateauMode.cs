namespace MedVision.Nn.Schedules;

/// <summary>Whether the monitored metric of <see cref="ReduceLROnPlateau"/> should go down (loss) or up (AUC).</summary>
public enum PlateauMode
{
    Min,
    Max,
}
