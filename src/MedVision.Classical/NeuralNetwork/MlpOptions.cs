namespace MedVision.Classical.NeuralNetwork;

/// <summary>
/// Options of <see cref="MlpClassifier"/>; defaults are scikit-learn's <c>MLPClassifier(random_state=0)</c>:
/// one hidden layer of 100 ReLU units, Adam (lr 1e-3, β = 0.9/0.999, ε = 1e-8), L2 α = 1e-4, batches of
/// min(200, n), 200 epochs, tolerance 1e-4 over 10 epochs.
/// </summary>
public sealed record MlpOptions
{
    /// <summary>Units of each hidden layer; default [100].</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [100];

    /// <summary>L2 penalty α (applied as <c>α‖W‖²/(2·batch)</c>); default 1e-4.</summary>
    public double Alpha { get; init; } = 1e-4;

    /// <summary>Mini-batch size; null is min(200, n).</summary>
    public int? BatchSize { get; init; }

    /// <summary>Adam step size; default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Maximum epochs; default 200.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Minimum improvement of the loss (or validation accuracy); default 1e-4.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Epochs without improvement before stopping; default 10.</summary>
    public int IterationsWithoutChange { get; init; } = 10;

    /// <summary>Hold out a stratified validation fraction and keep the weights with the best validation accuracy; default false.</summary>
    public bool EarlyStopping { get; init; }

    /// <summary>Validation fraction for early stopping; default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Reshuffle the samples every epoch; default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed (≥ 0) of initialisation, shuffling and the validation split, drawn as NumPy's <c>RandomState(Seed)</c>; default 0.</summary>
    public int Seed { get; init; }
}
