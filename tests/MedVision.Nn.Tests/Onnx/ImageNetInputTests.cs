using MedVision.Nn.Onnx;
using MedVision.Nn.Tests.Support;
using MedVision.Nn.Zoo;
using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Nn.Tests.Onnx;

public sealed class ImageNetInputTests
{
    /// <summary>
    /// resnet18-imagenet takes [0, 1] grey levels and normalises them inside the network: with the same imported weights
    /// it computes what resnet18-mlnet computes on the grey image replicated to BGR, ×255, minus the mean colour.
    /// </summary>
    [ImageNetResNet18Fact]
    public void ResNet18ImageNet_GreyInput_EqualsMlNetOnTheNormalisedBgrInput()
    {
        var weights = OnnxImport.Import(ImageNetResNet18Files.Locate().Model).Weights;
        var grey = (ResNet)ModelZoo.Create("resnet18-imagenet", 1, 64, 64);
        var bgr = (ResNet)ModelZoo.Create("resnet18-mlnet", 3, 64, 64);
        Transfer.LoadPretrained(grey, ModelZoo.Get("resnet18-imagenet"), weights);
        Transfer.LoadPretrained(bgr, ModelZoo.Get("resnet18-mlnet"), weights);
        grey.Eval();
        bgr.Eval();
        var x = Tensor.Rand(new Generator(3), [2, 1, 64, 64]);
        float[] means = [103.06262f, 115.902885f, 123.15163f];
        var normalised = new float[2 * 3 * 64 * 64];
        for (var n = 0; n < 2; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var i = 0; i < 64 * 64; i++)
                {
                    normalised[(((n * 3) + c) * 64 * 64) + i] = (x.Data[(n * 64 * 64) + i] * 255) - means[c];
                }
            }
        }

        using (GradMode.NoGrad())
        {
            var a = grey.Features(x).ToArray();
            var b = bgr.Features(Tensor.From(normalised, 2, 3, 64, 64)).ToArray();
            Assert.Equal(b.Length, a.Length);
            Assert.All(Enumerable.Range(0, a.Length), i => Assert.True(Math.Abs(a[i] - b[i]) <= 1e-4 * Math.Max(1, Math.Abs(b[i])), $"feature {i}: {a[i]} vs {b[i]}"));
        }

        Assert.Equal(3, grey.StateDict()["conv1.weight"].Shape[1]);
    }
}
