using MedVision.Classical.Decomposition;
using MedVision.Classical.Preprocessing;

namespace MedVision.Classical.Tests;

public sealed class TransformerTests
{
    [Fact]
    public void StandardScaler_MatchesSklearn()
    {
        var (x, _, test, _) = Fixtures.Set("binary");
        var fitted = new StandardScaler().FitScaler(x);
        Fixtures.Near(Fixtures.Vector("standard_mean"), fitted.Mean.ToArray(), 1e-12, "mean");
        Fixtures.Near(Fixtures.Vector("standard_scale"), fitted.Scale.ToArray(), 1e-12, "scale");
        Fixtures.Near(Fixtures.Vector("standard_test"), fitted.Transform(test).Values, 1e-10, "transform");
    }

    [Fact]
    public void StandardScaler_ConstantFeature_KeepsScaleOne()
    {
        var x = FeatureMatrix.FromArray(new double[,] { { 1, 5 }, { 2, 5 }, { 3, 5 } });
        var fitted = new StandardScaler().FitScaler(x);
        Assert.Equal(1, fitted.Scale[1]);
        Assert.Equal([0, 0, 0], Fixtures.Column(fitted.Transform(x), 1));
    }

    [Fact]
    public void MinMaxScaler_MatchesSklearn()
    {
        var (x, _, test, _) = Fixtures.Set("binary");
        Fixtures.Near(Fixtures.Vector("minmax_test"), new MinMaxScaler().Fit(x).Transform(test).Values, 1e-12, "transform");
    }

    [Fact]
    public void MinMaxScaler_Clip_StaysInRange()
    {
        var x = FeatureMatrix.FromArray(new double[,] { { 0 }, { 10 } });
        var fitted = new MinMaxScaler(new MinMaxScalerOptions { Min = -1, Max = 1, Clip = true }).Fit(x);
        Assert.Equal([-1, 0, 1], fitted.Transform(FeatureMatrix.FromArray(new double[,] { { -5 }, { 5 }, { 50 } })).Values);
    }

    [Fact]
    public void Pca_MatchesSklearn_ComponentsSignsAndVariance()
    {
        var (x, _, test, _) = Fixtures.Set("binary");
        var fitted = new Pca().FitPca(x);
        Fixtures.Near(Fixtures.Vector("pca_components"), fitted.Components.Values, 1e-10, "components");
        Fixtures.Near(Fixtures.Vector("pca_explained_variance"), fitted.ExplainedVariance.ToArray(), 1e-10, "explained variance");
        Fixtures.Near(Fixtures.Vector("pca_test"), fitted.Transform(test).Values, 1e-10, "transform");
    }

    [Fact]
    public void Pca_Whiten_MatchesSklearn()
    {
        var (x, _, test, _) = Fixtures.Set("binary");
        var fitted = new Pca(new PcaOptions { Components = 3, Whiten = true }).Fit(x);
        Assert.Equal(3, fitted.OutputCount);
        Fixtures.Near(Fixtures.Vector("pca_whiten3_test"), fitted.Transform(test).Values, 1e-10, "transform");
    }

    [Fact]
    public void Pca_TooManyComponents_IsRejected()
    {
        var x = FeatureMatrix.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 7 } });
        var e = Assert.Throws<ArgumentException>(() => new Pca(3).Fit(x));
        Assert.Contains("Components", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_WrongFeatureCount_NamesExpectedAndReceived()
    {
        var fitted = new StandardScaler().Fit(FeatureMatrix.FromArray(new double[,] { { 1, 2 }, { 3, 4 } }));
        var e = Assert.Throws<ArgumentException>(() => fitted.Transform(new FeatureMatrix(1, 3)));
        Assert.Contains("2 features", e.Message, StringComparison.Ordinal);
        Assert.Contains("got 3", e.Message, StringComparison.Ordinal);
    }
}
