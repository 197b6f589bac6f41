namespace MedVision.Classical.NeuralNetwork;

/// <summary>A fitted <see cref="MlpClassifier"/>.</summary>
public sealed class FittedMlp : FittedClassifier
{
    private readonly MlpClassifier.Network _network;

    internal FittedMlp(int[] classes, MlpClassifier.Network network, IReadOnlyList<double> lossCurve, double? bestValidationScore)
        : base(classes, network.FeatureCount)
    {
        _network = network;
        LossCurve = lossCurve;
        BestValidationScore = bestValidationScore;
    }

    /// <summary>Mean training loss of each epoch (scikit-learn <c>loss_curve_</c>); its length is the epochs run.</summary>
    public IReadOnlyList<double> LossCurve { get; }

    /// <summary>Best validation accuracy with early stopping, else null.</summary>
    public double? BestValidationScore { get; }

    /// <summary>The trained network.</summary>
    internal MlpClassifier.Network Network => _network;

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x)
    {
        var output = _network.Forward(x, Enumerable.Range(0, x.Rows).ToArray())[^1];
        var k = ClassLabels.Length;
        var result = new FeatureMatrix(x.Rows, k);
        for (var i = 0; i < x.Rows; i++)
        {
            if (k == 2)
            {
                result[i, 0] = 1 - output[i];
                result[i, 1] = output[i];
            }
            else
            {
                output.AsSpan(i * k, k).CopyTo(result.Row(i));
            }
        }

        return result;
    }
}
