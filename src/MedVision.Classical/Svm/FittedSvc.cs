using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using MedVision.Classical.Persistence;

namespace MedVision.Classical.Svm;

/// <summary>
/// A fitted <see cref="Svc"/>. <see cref="Predict"/> is libsvm's one-vs-one vote on decision values (not the most
/// probable class), as scikit-learn's <c>SVC.predict</c>; <see cref="FittedClassifier.PredictProba"/> uses the Platt sigmoids.
/// </summary>
public sealed class FittedSvc : FittedClassifier
{
    private const double MinProbability = 1e-7;
    private readonly KernelFunction _kernel;
    private readonly PairModel[] _models;
    private readonly bool _probability;

    internal FittedSvc(int[] classes, int featureCount, KernelFunction kernel, PairModel[] models, bool probability)
        : base(classes, featureCount)
    {
        _kernel = kernel;
        _models = models;
        _probability = probability;
    }

    /// <summary>The resolved kernel coefficient γ.</summary>
    public double Gamma => _kernel.Gamma;

    /// <summary>Number of support vectors of each one-vs-one problem (class pairs in order (0,1), (0,2), …, (1,2), …).</summary>
    public IReadOnlyList<int> SupportVectorCounts => _models.Select(m => m.Coefficients.Length).ToArray();

    /// <summary>
    /// Decision values, (n) for two classes, oriented as scikit-learn's <c>decision_function</c> (positive favours
    /// <c>Classes[1]</c>). For more than two classes: (n, pairs) one-vs-one values, positive favouring the lower class
    /// of each pair (libsvm's orientation).
    /// </summary>
    public FeatureMatrix DecisionFunction(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        var values = PairDecisions(x);
        if (_models.Length == 1)
        {
            for (var i = 0; i < values.Rows; i++)
            {
                values[i, 0] = -values[i, 0];
            }
        }

        return values;
    }

    /// <inheritdoc/>
    public override int[] Predict(FeatureMatrix x)
    {
        Check.Features(x, FeatureCount);
        var dec = PairDecisions(x);
        var labels = new int[x.Rows];
        var votes = new int[ClassLabels.Length];
        for (var i = 0; i < x.Rows; i++)
        {
            Array.Clear(votes);
            for (var p = 0; p < _models.Length; p++)
            {
                votes[dec[i, p] > 0 ? _models[p].I : _models[p].J]++;
            }

            var best = 0;
            for (var c = 1; c < votes.Length; c++)
            {
                if (votes[c] > votes[best])
                {
                    best = c;
                }
            }

            labels[i] = ClassLabels[best];
        }

        return labels;
    }

    /// <inheritdoc/>
    protected override FeatureMatrix PredictProbaCore(FeatureMatrix x)
    {
        if (!_probability)
        {
            throw new InvalidOperationException("this SVC was fitted with Probability = false; refit with Probability = true to get probabilities");
        }

        var k = ClassLabels.Length;
        var dec = PairDecisions(x);
        var result = new FeatureMatrix(x.Rows, k);
        var r = new double[k, k];
        for (var i = 0; i < x.Rows; i++)
        {
            if (k == 2)
            {
                var p0 = Math.Clamp(PlattScaling.SigmoidPredict(dec[i, 0], _models[0].ProbA, _models[0].ProbB), MinProbability, 1 - MinProbability);
                result[i, 0] = p0;
                result[i, 1] = 1 - p0;
                continue;
            }

            for (var p = 0; p < _models.Length; p++)
            {
                var m = _models[p];
                var pij = Math.Clamp(PlattScaling.SigmoidPredict(dec[i, p], m.ProbA, m.ProbB), MinProbability, 1 - MinProbability);
                r[m.I, m.J] = pij;
                r[m.J, m.I] = 1 - pij;
            }

            PlattScaling.MulticlassProbability(k, r, result.Row(i));
        }

        return result;
    }

    internal JsonObject WriteState()
    {
        var state = EstimatorState.ClassifierState(this);
        state["kernel"] = _kernel.Kind.ToString().ToLowerInvariant();
        state["gamma"] = StateWriter.Number(_kernel.Gamma);
        state["coef0"] = StateWriter.Number(_kernel.Coef0);
        state["degree"] = _kernel.Degree;
        state["probability"] = _probability;
        state["machines"] = new JsonArray([.. _models.Select(m => (JsonNode)new JsonObject
        {
            ["i"] = m.I,
            ["j"] = m.J,
            ["support_vectors"] = StateWriter.Matrix(m.SupportVectors),
            ["coefficients"] = StateWriter.Numbers(m.Coefficients),
            ["rho"] = StateWriter.Number(m.Rho),
            ["prob_a"] = StateWriter.Number(m.ProbA),
            ["prob_b"] = StateWriter.Number(m.ProbB),
        })]);
        return state;
    }

    internal static FittedSvc ReadState(StateReader r)
    {
        var classes = EstimatorState.ReadClasses(r);
        var p = EstimatorState.ReadFeatureCount(r);
        var kind = r.String("kernel") switch
        {
            "linear" => SvmKernel.Linear,
            "poly" => SvmKernel.Poly,
            "rbf" => SvmKernel.Rbf,
            var other => throw r.Error("kernel", $"expected linear, poly or rbf, got '{other}'"),
        };
        var kernel = new KernelFunction(kind, r.Double("gamma"), r.Double("coef0"), r.Int("degree", min: 0));
        var k = classes.Length;
        var machines = r.Objects("machines", k * (k - 1) / 2);
        var models = new PairModel[machines.Count];
        var pair = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = i + 1; j < k; j++, pair++)
            {
                var m = machines[pair];
                if (m.Int("i") != i || m.Int("j") != j)
                {
                    throw m.Error("i", $"expected the class pair ({i}, {j}) at position {pair}, got ({m.Int("i")}, {m.Int("j")})");
                }

                var support = m.Matrix("support_vectors", cols: p);
                models[pair] = new PairModel(i, j, support, m.Doubles("coefficients", support.Rows), m.Double("rho"), m.Double("prob_a"), m.Double("prob_b"));
            }
        }

        return new FittedSvc(classes, p, kernel, models, r.Bool("probability"));
    }

    // (n, pairs) values Σ coef·K(sv, x) − ρ, positive favouring the pair's lower class.
    private FeatureMatrix PairDecisions(FeatureMatrix x)
    {
        var result = new FeatureMatrix(x.Rows, _models.Length);
        Parallel.For(0, x.Rows, i =>
        {
            var row = x.Row(i);
            var rowSq = TensorPrimitives.Dot<double>(row, row);
            for (var p = 0; p < _models.Length; p++)
            {
                var m = _models[p];
                var sum = 0.0;
                for (var s = 0; s < m.Coefficients.Length; s++)
                {
                    var sv = m.SupportVectors.Row(s);
                    sum += m.Coefficients[s] * _kernel.FromDot(TensorPrimitives.Dot<double>(row, sv), rowSq, m.SquaredNorms[s]);
                }

                result[i, p] = sum - m.Rho;
            }
        });
        return result;
    }

    /// <summary>One one-vs-one machine: support vectors, α·y, ρ and the Platt sigmoid (A, B).</summary>
    internal sealed record PairModel(int I, int J, FeatureMatrix SupportVectors, double[] Coefficients, double Rho, double ProbA, double ProbB)
    {
        public double[] SquaredNorms { get; } = Enumerable.Range(0, SupportVectors.Rows)
            .Select(s => TensorPrimitives.Dot<double>(SupportVectors.Row(s), SupportVectors.Row(s))).ToArray();
    }
}
