namespace MedVision.Classical;

/// <summary>A fitted classifier: probabilities and hard decisions for new samples.</summary>
public interface IFittedClassifier
{
    /// <summary>The distinct training labels, ascending; column k of <see cref="PredictProba"/> belongs to <c>Classes[k]</c>.</summary>
    IReadOnlyList<int> Classes { get; }

    /// <summary>Number of features the model was fitted on.</summary>
    int FeatureCount { get; }

    /// <summary>Class probabilities: (n, p) → (n, Classes.Count), each row summing to 1.</summary>
    FeatureMatrix PredictProba(FeatureMatrix x);

    /// <summary>The predicted label of each row (one of <see cref="Classes"/>).</summary>
    int[] Predict(FeatureMatrix x);
}
