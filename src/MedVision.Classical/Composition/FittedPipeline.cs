using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;
namespace MedVision.Classical.Composition;

/// <summary>A fitted <see cref="Pipeline"/>: transforms with the fitted steps, then asks the fitted classifier.</summary>
public sealed class FittedPipeline : FittedClassifier
{
    internal FittedPipeline(int[] classes, int featureCount, IReadOnlyList<IFittedTransformer> steps, IFittedClassifier classifier)
        : base(classes, featureCount)
    {
        Steps = steps;
        Classifier = classifier;
    }

    /// <summary>The fitted transformers.</summary>
    public IReadOnlyList<IFittedTransformer> Steps { get; }

    /// <summary>The fitted classifier.</summary>
    public IFittedClassifier Classifier { get; }

    /// <summary>Applies the fitted transformers to <paramref name="x"/>.</summary>
    public FeatureMatrix Transform(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        foreach (var step in Steps)
        {
            x = step.Transform(x);
        }

        return x;
    }

    /// <inheritdoc/>
    public override int[] Predict(FeatureMatrix x) => Classifier.Predict(Transform(x));

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x) => Classifier.PredictProba(Transform(x));

    internal JsonObject WriteState()
    {
        var state = EstimatorState.ClassifierState(this);
        state["steps"] = new JsonArray([.. Steps.Select(s => (JsonNode)EstimatorState.Save(s))]);
        state["classifier"] = EstimatorState.Save(Classifier);
        return state;
    }

    internal static FittedPipeline ReadState(StateReader r)
    {
        var classes = EstimatorState.ReadClasses(r);
        var p = EstimatorState.ReadFeatureCount(r);
        var steps = r.Objects("steps").Select(EstimatorState.ReadTransformer).ToArray();
        var classifier = EstimatorState.ReadClassifier(r.Object("classifier"));
        var width = p;
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i].FeatureCount != width)
            {
                throw r.Error($"steps[{i}]", $"takes {steps[i].FeatureCount} features, the step before gives {width}");
            }

            width = steps[i].OutputCount;
        }

        if (classifier.FeatureCount != width)
        {
            throw r.Error("classifier", $"takes {classifier.FeatureCount} features, the steps give {width}");
        }

        if (!classifier.Classes.SequenceEqual(classes))
        {
            throw r.Error("classes", $"[{string.Join(", ", classes)}] differ from the classifier's [{string.Join(", ", classifier.Classes)}]");
        }

        return new FittedPipeline(classes, p, steps, classifier);
    }
}
