using MedVision.Tensors;

namespace MedVision.Nn.Tests.Layers;

public sealed class InputNormalizationTests
{
    [Fact]
    public void ImageNet_GreyInput_IsReplicatedAndNormalisedPerChannel()
    {
        var x = Tensor.From([0f, 0.5f, 1f, 0.25f], 1, 1, 2, 2);
        var y = InputNormalization.ImageNet(1).Forward(x);

        Assert.Equal([1, 3, 2, 2], y.ShapeArray());
        // torchvision: (0.5 − 0.485) / 0.229, (0.5 − 0.456) / 0.224, (0.5 − 0.406) / 0.225
        Assert.Equal(0.0655022f, y.Data[1], 5);
        Assert.Equal(0.1964286f, y.Data[4 + 1], 5);
        Assert.Equal(0.4177778f, y.Data[8 + 1], 5);
        Assert.Equal(-0.485f / 0.229f, y.Data[0], 5);
        Assert.Equal((1 - 0.406f) / 0.225f, y.Data[8 + 2], 5);
    }

    [Fact]
    public void ImageNetBgrMean_RgbInput_IsReorderedScaledAndCentred()
    {
        // One pixel: R 0.2, G 0.4, B 0.6.
        var x = Tensor.From([0.2f, 0.4f, 0.6f], 1, 3, 1, 1);
        var y = InputNormalization.ImageNetBgrMean(3).Forward(x);

        Assert.Equal([2, 1, 0], InputNormalization.ImageNetBgrMean(3).SourceChannels);
        Assert.Equal((0.6f * 255) - 103.06262f, y.Data[0], 3);
        Assert.Equal((0.4f * 255) - 115.902885f, y.Data[1], 3);
        Assert.Equal((0.2f * 255) - 123.15163f, y.Data[2], 3);
    }

    [Fact]
    public void NoStateDictEntries_AndBadSettingsAreArgumentErrors()
    {
        Assert.Empty(InputNormalization.ImageNet(3).StateDict());
        Assert.Throws<ArgumentOutOfRangeException>(() => InputNormalization.ImageNet(2));
        Assert.Throws<ArgumentException>(() => new InputNormalization(1, [0f, 0f], [1f]));
        Assert.Throws<ArgumentException>(() => new InputNormalization(1, [0f], [0f]));
    }
}
