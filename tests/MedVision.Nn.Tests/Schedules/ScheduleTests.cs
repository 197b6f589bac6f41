using MedVision.Nn.Schedules;
using static MedVision.Nn.Tests.Schedules.ScheduleFixture;

namespace MedVision.Nn.Tests.Schedules;

public sealed class ScheduleTests
{
    public static TheoryData<string> TorchCases => ["step", "multistep", "exponential", "cosine_warmup"];

    [Theory]
    [MemberData(nameof(TorchCases))]
    public void Schedule_MatchesTorchLrScheduler_EveryStepEveryGroup(string name)
    {
        ILearningRateSchedule schedule = name switch
        {
            "step" => new StepLR(3, 0.5),
            "multistep" => new MultiStepLR([2, 5, 5, 9], 0.3),
            "exponential" => new ExponentialLR(0.9),
            _ => new CosineWarmupLR(4, 14, warmupStartFactor: 0.1, minLr: 1e-4),
        };
        var c = Schedule(name);
        var bases = Doubles(c.GetProperty("base"));
        var rates = Rates(c);

        for (var step = 0; step < rates.Length; step++)
        {
            for (var g = 0; g < bases.Length; g++)
            {
                AssertClose(rates[step][g], schedule.LearningRate(step, bases[g]), $"{name} step {step} group {g}");
            }
        }
    }

    [Theory]
    [InlineData("onecycle_default")]
    [InlineData("onecycle_linear_three_phase")]
    [InlineData("onecycle_no_momentum")]
    [InlineData("onecycle_sgd_momentum")]
    public void OneCycleLR_MatchesTorch_RatesAndMomentum(string name)
    {
        var c = Schedule(name);
        var o = c.GetProperty("options");
        var options = new OneCycleOptions
        {
            TotalSteps = o.GetProperty("total_steps").GetInt32(),
            PctStart = o.TryGetProperty("pct_start", out var p) ? p.GetDouble() : 0.3,
            AnnealStrategy = o.TryGetProperty("anneal_strategy", out var a) && a.GetString() == "linear" ? AnnealStrategy.Linear : AnnealStrategy.Cos,
            ThreePhase = o.TryGetProperty("three_phase", out var t) && t.GetBoolean(),
            DivFactor = o.TryGetProperty("div_factor", out var d) ? d.GetDouble() : 25,
            FinalDivFactor = o.TryGetProperty("final_div_factor", out var f) ? f.GetDouble() : 1e4,
            CycleMomentum = !o.TryGetProperty("cycle_momentum", out var m) || m.GetBoolean(),
            BaseMomentum = o.TryGetProperty("base_momentum", out var bm) ? bm.GetDouble() : 0.85,
            MaxMomentum = o.TryGetProperty("max_momentum", out var mm) ? mm.GetDouble() : 0.95,
        };
        var schedule = new OneCycleLR(options);
        var bases = Doubles(c.GetProperty("base"));
        var rates = Rates(c);
        var momentum = Doubles(c.GetProperty("momentum"));

        for (var step = 0; step < rates.Length; step++)
        {
            for (var g = 0; g < bases.Length; g++)
            {
                AssertClose(rates[step][g], schedule.LearningRate(step, bases[g]), $"{name} lr step {step} group {g}");
            }

            if (options.CycleMomentum)
            {
                AssertClose(momentum[step], schedule.Momentum(step), $"{name} momentum step {step}");
            }
        }
    }

    [Fact]
    public void OneCycleLR_StepBeyondTotal_IsError()
    {
        var schedule = new OneCycleLR(10);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRate(11, 0.1));
        Assert.Contains("TotalSteps (10)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("min_rel")]
    [InlineData("min_abs_cooldown")]
    [InlineData("max_rel")]
    [InlineData("max_abs_minlr")]
    public void ReduceLROnPlateau_MatchesTorch(string name)
    {
        var c = Plateau(name);
        var o = c.GetProperty("options");
        var options = new ReduceLROnPlateauOptions
        {
            Mode = o.GetProperty("mode").GetString() == "max" ? PlateauMode.Max : PlateauMode.Min,
            Factor = o.GetProperty("factor").GetDouble(),
            Patience = o.GetProperty("patience").GetInt32(),
            Threshold = o.TryGetProperty("threshold", out var t) ? t.GetDouble() : 1e-4,
            ThresholdMode = o.TryGetProperty("threshold_mode", out var tm) && tm.GetString() == "abs" ? ThresholdMode.Abs : ThresholdMode.Rel,
            Cooldown = o.TryGetProperty("cooldown", out var cd) ? cd.GetInt32() : 0,
            MinLr = o.TryGetProperty("min_lr", out var ml) ? ml.GetDouble() : 0,
        };
        var plateau = new ReduceLROnPlateau(Doubles(c.GetProperty("base")), options);
        double[] metrics = [1.0, 0.9, 0.95, 0.94, 0.93, 0.95, 0.96, 0.97, 0.80, 0.81, 0.82, 0.83, 0.84, 0.85, 0.79, 0.79, 0.79, 0.79, 0.79];
        var rates = Rates(c);

        for (var i = 0; i < metrics.Length; i++)
        {
            plateau.Step(metrics[i]);
            for (var g = 0; g < rates[i].Length; g++)
            {
                AssertClose(rates[i][g], plateau.LearningRates[g], $"{name} step {i} group {g}");
            }
        }
    }

    [Fact]
    public void LearningRateFinder_MatchesFastaiAnalysis()
    {
        var f = Finder;
        var lrs = Doubles(f.GetProperty("lrs"));
        var losses = Doubles(f.GetProperty("losses"));
        var smoothed = Doubles(f.GetProperty("smoothed"));

        var rates = LearningRateFinder.Rates(1e-7, 10, 100);
        var result = LearningRateFinder.Analyze(rates, losses);

        for (var i = 0; i < lrs.Length; i++)
        {
            AssertClose(lrs[i], rates[i], $"sweep rate {i}");
        }

        Assert.Equal(f.GetProperty("kept").GetInt32(), result.SmoothedLosses.Count);
        Assert.True(result.Diverged);
        for (var i = 0; i < smoothed.Length; i++)
        {
            AssertClose(smoothed[i], result.SmoothedLosses[i], $"smoothed loss {i}");
        }

        Assert.Equal(f.GetProperty("suggested_index").GetInt32(), result.SuggestedIndex);
        AssertClose(f.GetProperty("suggested").GetDouble(), result.SuggestedLr, "suggested rate");
    }

    [Fact]
    public void LearningRateFinder_TooFewPoints_SuggestsNaN()
    {
        var result = LearningRateFinder.Analyze([1e-3, 1e-2, 1e-1], [1.0, 0.9, 0.8]);

        Assert.True(double.IsNaN(result.SuggestedLr));
        Assert.Equal(3, result.SmoothedLosses.Count);
    }

    [Fact]
    public void Schedules_NegativeStep_NameTheArgument()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(2).LearningRate(-1, 0.1));
        Assert.Equal("step", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineWarmupLR(10, 10));
    }
}
