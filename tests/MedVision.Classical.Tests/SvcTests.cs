using MedVision.Classical.Svm;

namespace MedVision.Classical.Tests;

public sealed class SvcTests
{
    [Theory]
    [InlineData("linear", SvmKernel.Linear, 1.0, "scale", 0.0)]
    [InlineData("rbf", SvmKernel.Rbf, 1.0, "scale", 0.0)]
    [InlineData("poly", SvmKernel.Poly, 1.0, "auto", 1.0)]
    [InlineData("rbf_c10_g0p2", SvmKernel.Rbf, 10.0, "0.2", 0.0)]
    public void DecisionFunction_MatchesLibsvm(string tag, SvmKernel kernel, double c, string gamma, double coef0)
    {
        var (x, y, test, _) = Fixtures.Set("binary", z: true);
        var options = new SvcOptions
        {
            Kernel = kernel,
            C = c,
            Gamma = gamma switch { "scale" => SvmGamma.Scale, "auto" => SvmGamma.Auto, _ => SvmGamma.Of(double.Parse(gamma, System.Globalization.CultureInfo.InvariantCulture)) },
            Coef0 = coef0,
            Tolerance = 1e-9,
        };
        var fitted = new Svc(options).FitSvc(x, y);
        // libsvm keeps Q in float32 (Qfloat), so its optimum differs from the float64 one by ~1e-6 relative.
        Fixtures.Near(Fixtures.Vector($"svc_{tag}_decision"), fitted.DecisionFunction(test).Values, 2e-5, "decision");
        Assert.Equal(Fixtures.Labels($"svc_{tag}_nsv").Sum(), fitted.SupportVectorCounts.Sum());
    }

    [Fact]
    public void ThreeClasses_OneVsOne_MatchesLibsvm()
    {
        var (x, y, test, _) = Fixtures.Set("multi", z: true);
        var fitted = new Svc(new SvcOptions { Tolerance = 1e-9 }).FitSvc(x, y);
        Fixtures.Near(Fixtures.Vector("svc_multi_rbf_ovo"), fitted.DecisionFunction(test).Values, 2e-5, "ovo");
        Assert.Equal(Fixtures.Labels("svc_multi_rbf_predict"), fitted.Predict(test));
        var p = fitted.PredictProba(test);
        for (var i = 0; i < p.Rows; i++)
        {
            Assert.Equal(1.0, p.Row(i).ToArray().Sum(), 1e-9);
        }
    }

    [Fact]
    public void SmallCache_GivesSameModelAsFullGram()
    {
        var (x, y, test, _) = Fixtures.Set("binary", z: true);
        var full = new Svc().FitSvc(x, y);
        var lru = new Svc(new SvcOptions { CacheSizeMb = 0.01 }).FitSvc(x, y);
        Fixtures.Near(full.PredictProba(test).Values, lru.PredictProba(test).Values, 1e-12, "proba");
    }

    [Fact]
    public void Probability_False_RefusesProba_ButPredicts()
    {
        var (x, y, test, _) = Fixtures.Set("binary", z: true);
        var fitted = new Svc(new SvcOptions { Probability = false }).Fit(x, y);
        Assert.Equal(test.Rows, fitted.Predict(test).Length);
        Assert.Throws<InvalidOperationException>(() => fitted.PredictProba(test));
    }
}
