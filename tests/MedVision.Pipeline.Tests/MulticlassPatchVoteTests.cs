using MedVision.Evaluation;
using MedVision.Nn;
using MedVision.Nn.Patches;
using MedVision.Pipeline.Models;
using MedVision.Tensors;

namespace MedVision.Pipeline.Tests;

/// <summary>K-class patch votes against probabilities computed by hand from a stand-in patch classifier.</summary>
public class MulticlassPatchVoteTests
{
    private static readonly double[] Centres = [0.3, 0.5, 0.7];

    /// <summary>Three logits per patch: −20·(mean pixel − centre_c)², so the class whose centre is nearest the patch's mean wins.</summary>
    private sealed class NearestCentre : Module
    {
        protected override Tensor ForwardCore(Tensor input)
        {
            var n = input.Size(0);
            var size = input.Length / n;
            var logits = new float[n * 3];
            for (var i = 0; i < n; i++)
            {
                var mean = input.Data.Slice(i * size, size).ToArray().Average();
                for (var c = 0; c < 3; c++)
                {
                    logits[(i * 3) + c] = (float)(-20 * (mean - Centres[c]) * (mean - Centres[c]));
                }
            }

            return Tensor.Wrap(logits, n, 3);
        }
    }

    private static double[] Softmax(double[] z)
    {
        var e = z.Select(v => Math.Exp(v - z.Max())).ToArray();
        return [.. e.Select(v => v / e.Sum())];
    }

    [Theory]
    [InlineData(AggregationMethod.Mean)]
    [InlineData(AggregationMethod.MajorityVote)]
    public void ImageProbabilities_AreTheMeanOrTheVoteOfThePatches(AggregationMethod vote)
    {
        const int n = 4, h = 10, w = 10, p = 4, t = 5;
        var data = new float[n * h * w];
        new Generator(3).FillUniform(data, 0, 1);
        var images = Tensor.Wrap(data, n, 1, h, w);
        var model = new PatchNetwork(new NearestCentre(), h, w, new PatchOptions { Size = p, TestPatches = t, Vote = PatchVotes.ToPatchVote(vote), Seed = 2 }, classes: 3);
        model.Eval();
        var output = model.Forward(images);
        Assert.Equal([n, 3], output.ShapeArray());
        for (var i = 0; i < n; i++)
        {
            var expected = new double[3];
            foreach (var (top, left) in model.TestOffsets)
            {
                var sum = 0.0;
                for (var y = 0; y < p; y++)
                {
                    for (var x = 0; x < p; x++)
                    {
                        sum += images[i, 0, top + y, left + x];
                    }
                }

                var mean = sum / (p * p);
                var probabilities = Softmax([.. Centres.Select(c => -20 * (mean - c) * (mean - c))]);
                if (vote == AggregationMethod.Mean)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        expected[c] += probabilities[c] / t;
                    }
                }
                else
                {
                    expected[Array.IndexOf(probabilities, probabilities.Max())]++;
                }
            }

            for (var c = 0; c < 3; c++)
            {
                var want = vote == AggregationMethod.Mean ? expected[c] : (expected[c] + 0.5) / (t + 1.5);
                Assert.Equal(want, Math.Exp(output[i, c]), 5);
            }
        }
    }

    [Fact]
    public void MaxVote_WithThreeClasses_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new PatchNetwork(new NearestCentre(), 8, 8, new PatchOptions { Size = 4, TestPatches = 2, Vote = PatchVote.Max }, classes: 3));
        Assert.Contains("patch vote max is binary", e.Message, StringComparison.Ordinal);
    }
}
