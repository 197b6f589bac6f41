using MedVision.Classical;
using MedVision.Classical.Preprocessing;
using MedVision.Data;
using MedVision.Imaging.Features;
using ClassicalMatrix = MedVision.Classical.FeatureMatrix;

namespace MedVision.Pipeline.Models;

/// <summary>
/// A classical pipeline: image features (computed once per image store) → standard scaler → classifier, the scaler
/// and classifier fitted on the fold's training and validation images only (seeds/000 fitted its scaler on all data;
/// here nothing is fitted on test images). Every classifier of MedVision.Classical handles K classes, so K-class
/// data gives K probabilities per test image (<see cref="ScoreColumns"/>).
/// </summary>
public sealed class FeatureRecipe : IModelRecipe
{
    private readonly IImageFeatureExtractor _extractor;
    private readonly Func<IClassifier> _classifier;
    private readonly Lock _cacheLock = new();
    private (ImageStore Store, ClassicalMatrix Features)? _cache;

    /// <param name="name">Model name, e.g. <c>wavelet-rf</c>.</param>
    /// <param name="extractor">Feature extractor applied to every image.</param>
    /// <param name="classifier">Makes an unfitted classifier.</param>
    public FeatureRecipe(string name, IImageFeatureExtractor extractor, Func<IClassifier> classifier)
    {
        Name = name;
        _extractor = extractor;
        _classifier = classifier;
    }

    public string Name { get; }

    public string Kind => "features";

    /// <summary>The feature matrix of every image of <paramref name="store"/> (rows in sample order), cached.</summary>
    public ClassicalMatrix Features(ImageStore store)
    {
        lock (_cacheLock)
        {
            if (_cache is { } cached && ReferenceEquals(cached.Store, store))
            {
                return cached.Features;
            }

            var floats = FeatureExtraction.ExtractBatch(_extractor, store.Images);
            var values = new double[floats.Data.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = floats.Data[i];
            }

            var features = new ClassicalMatrix(floats.Rows, floats.Columns, values);
            _cache = (store, features);
            return features;
        }
    }

    public FoldRun RunFold(ImageStore store, FoldData fold, IProgress<string>? progress = null)
    {
        var all = Features(store);
        // The validation images are training data unless their scores are wanted (then they must be unseen).
        int[] trainIndices = fold.ScoreValidation ? fold.Train : [.. fold.Train, .. fold.Validation];
        var labels = trainIndices.Select(i => store.Dataset.Samples[i].Label).ToArray();
        var model = new Classical.Composition.Pipeline([new StandardScaler()], _classifier()).Fit(all.SelectRows(trainIndices), labels);
        var columns = ScoreColumns.Of(store.Dataset.ClassNames.Count);
        var scores = Score(model, all, fold.Test, columns);

        progress?.Report($"{Name} fold {fold.Index + 1}: fitted on {trainIndices.Length} images");
        var testFeatures = model is Classical.Composition.FittedPipeline pipeline && fold.Test.Length > 0 ? pipeline.Transform(all.SelectRows(fold.Test)) : null;
        return new FoldRun(scores, Features: new FittedFeatures(_extractor, model), TestFeatures: testFeatures)
        {
            ValidationScores = fold.ScoreValidation ? Score(model, all, fold.Validation, columns) : null,
        };
    }

    /// <summary>Scores of <paramref name="indices"/>: column c is class c (binary: only class 1); a class the fold did not train on scores 0.</summary>
    private static double[] Score(IFittedClassifier model, ClassicalMatrix all, int[] indices, int columns)
    {
        var scores = new double[indices.Length * columns];
        if (scores.Length > 0)
        {
            var probabilities = model.PredictProba(all.SelectRows(indices));
            for (var c = 0; c < columns; c++)
            {
                var column = IndexOf(model.Classes, columns == 1 ? 1 : c);
                for (var i = 0; i < indices.Length; i++)
                {
                    scores[(i * columns) + c] = column < 0 ? 0 : probabilities.Row(i)[column];
                }
            }
        }

        return scores;
    }

    private static int IndexOf(IReadOnlyList<int> classes, int label)
    {
        for (var i = 0; i < classes.Count; i++)
        {
            if (classes[i] == label)
            {
                return i;
            }
        }

        return -1;
    }
}
