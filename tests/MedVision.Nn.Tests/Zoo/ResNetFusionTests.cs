using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;
using MedVision.Tensors;

namespace MedVision.Nn.Tests.Zoo;

public class ResNetFusionTests
{
    /// <summary>
    /// The fusion variant shares every backbone parameter name with resnet18-imagenet, so the same weights load into it
    /// with only the new head left out; its features are the pools of layer1–layer4 side by side, the last 512 of them
    /// the plain network's features.
    /// </summary>
    [Fact]
    public void FusionFeatures_AreThePooledStages_AndTheLastStageIsThePlainNetworksFeatures()
    {
        var plain = (ResNet)ModelZoo.Create("resnet18-imagenet", 1, 48, 48, outputs: 2, seed: 3);
        var fusion = (ResNet)ModelZoo.Create("resnet18-imagenet-fusion", 1, 48, 48, outputs: 2, seed: 5);
        var backbone = new WeightDict();
        foreach (var (name, w) in plain.StateDict().Where(kv => !kv.Key.StartsWith("fc.", StringComparison.Ordinal)))
        {
            backbone.Add(name, w);
        }

        var loaded = Transfer.LoadPretrained(fusion, ModelZoo.Get("resnet18-imagenet-fusion"), backbone);
        Assert.True(fusion.Fused);
        Assert.False(plain.Fused);
        Assert.All(loaded.MissingKeys, k => Assert.StartsWith("fc.", k));
        Assert.Contains("fc.0.weight", loaded.MissingKeys); // BatchNorm1d over the 960 pooled values
        Assert.Contains("fc.1.weight", loaded.MissingKeys);

        plain.Eval();
        fusion.Eval();
        var x = Tensor.Rand(new Generator(9), 2, 1, 48, 48);
        var fused = fusion.Features(x);
        var last = plain.Features(x);

        Assert.Equal([2, 960], fused.ShapeArray());
        var f = fused.ToArray();
        var l = last.ToArray();
        for (var n = 0; n < 2; n++)
        {
            for (var j = 0; j < 512; j++)
            {
                Assert.Equal(l[(n * 512) + j], f[(n * 960) + 448 + j]);
            }
        }

        Assert.Equal([2, 2], fusion.Forward(x).ShapeArray());
    }
}
