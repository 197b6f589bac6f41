namespace MedVision.Training;

/// <summary>How each epoch's batches are drawn from the training set.</summary>
public enum BatchSampling
{
    /// <summary>Every sample once, in a new random order.</summary>
    Shuffle,

    /// <summary>As many draws as samples, with replacement, each class equally likely (PyTorch's <c>WeightedRandomSampler</c>).</summary>
    Balanced,
}
