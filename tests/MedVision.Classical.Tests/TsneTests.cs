using System.Text.Json;
using MedVision.Classical.Manifold;
using MedVision.Testing;

namespace MedVision.Classical.Tests;

/// <summary>t-SNE and trustworthiness against scikit-learn 1.2 (tests/fixtures/scripts/classical_tsne.py).</summary>
public sealed class TsneTests
{
    private static FeatureMatrix X => Fixtures.Matrix("tsne/x");

    private static JsonElement Record => JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("classical", "tsne", "tsne.json"))).RootElement;

    [Fact]
    public void JointProbabilities_MatchScikitLearn()
    {
        var expected = Fixtures.Matrix("tsne/p");
        var p = Tsne.JointProbabilities(X, Record.GetProperty("perplexity").GetDouble());
        Assert.Equal((expected.Rows, expected.Cols), (p.Rows, p.Cols));
        for (var i = 0; i < p.Values.Length; i++)
        {
            Assert.True(Math.Abs(p.Values[i] - expected.Values[i]) <= 1e-6, $"P[{i / p.Cols}, {i % p.Cols}]: expected {expected.Values[i]:R}, got {p.Values[i]:R}");
        }

        Assert.Equal(1.0, p.Values.Sum(), 9);
    }

    [Fact]
    public void Trustworthiness_MatchesScikitLearnOnItsEmbedding()
    {
        var embedding = Fixtures.Matrix("tsne/embedding");
        Assert.Equal(Record.GetProperty("trustworthiness_5").GetDouble(), Trustworthiness.Compute(X, embedding), 12);
        Assert.Equal(Record.GetProperty("trustworthiness_10").GetDouble(), Trustworthiness.Compute(X, embedding, 10), 12);
    }

    [Fact]
    public void Embedding_ReachesScikitLearnsDivergenceAndTrustworthiness()
    {
        var record = Record;
        var result = new Tsne(new TsneOptions { Perplexity = record.GetProperty("perplexity").GetDouble() }).FitTransform(X);

        Assert.Equal(record.GetProperty("learning_rate").GetDouble(), result.LearningRate);
        Assert.Equal(record.GetProperty("n_iter").GetInt32(), result.Iterations);
        var kl = record.GetProperty("kl_divergence").GetDouble();
        Assert.True(Math.Abs(result.KlDivergence - kl) <= 0.05 * kl, $"KL {result.KlDivergence} vs scikit-learn {kl}");
        var trust = Trustworthiness.Compute(X, result.Embedding);
        Assert.True(Math.Abs(trust - record.GetProperty("trustworthiness_5").GetDouble()) <= 0.02, $"trustworthiness {trust}");
    }

    [Fact]
    public void SameInput_GivesTheSameEmbedding()
    {
        var options = new TsneOptions { Perplexity = 10, MaxIterations = 300 };
        Assert.Equal(new Tsne(options).FitTransform(X).Embedding.Values, new Tsne(options).FitTransform(X).Embedding.Values);
    }

    [Fact]
    public void BadArguments_AreErrorsNamingThem()
    {
        var tooPerplexed = Assert.Throws<ArgumentException>(() => new Tsne(new TsneOptions { Perplexity = 100 }).FitTransform(X));
        Assert.Contains("Perplexity", tooPerplexed.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Tsne(new TsneOptions { LearningRate = -1 }));
        Assert.Throws<ArgumentException>(() => Trustworthiness.Compute(X, X, 50));
    }
}
