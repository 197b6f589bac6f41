namespace MedVision.Classical.Trees;

/// <summary>Growth limits of one tree (scikit-learn's <c>DecisionTreeClassifier</c> parameters of the same names).</summary>
internal sealed record TreeGrowth(SplitCriterion Criterion, int? MaxDepth, int MinSamplesSplit, int MinSamplesLeaf, int MaxFeatures);
