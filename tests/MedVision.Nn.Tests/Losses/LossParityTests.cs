using MedVision.Nn.Losses;
using MedVision.Tensors;
using static MedVision.Nn.Tests.Support.Parity;

namespace MedVision.Nn.Tests.Losses;

public sealed class LossParityTests
{
    private static readonly Dictionary<string, Func<ILoss>> Losses = new()
    {
        ["bce"] = () => new BCEWithLogitsLoss(),
        ["bce_pos_weight"] = () => new BCEWithLogitsLoss(posWeight: Tensor.From([3f, 0.5f], 2)),
        ["bce_sum"] = () => new BCEWithLogitsLoss(reduction: Reduction.Sum),
        ["ce"] = () => new CrossEntropyLoss(),
        ["ce_weight"] = () => new CrossEntropyLoss(Tensor.From([0.2f, 1f, 3f], 3)),
        ["ce_smoothing"] = () => new CrossEntropyLoss(labelSmoothing: 0.1),
        ["ce_weight_smoothing"] = () => new CrossEntropyLoss(Tensor.From([0.2f, 1f, 3f], 3), 0.2),
        ["ce_none"] = () => new CrossEntropyLoss(Tensor.From([0.2f, 1f, 3f], 3), 0.2, Reduction.None),
        ["focal"] = () => new FocalLoss(0.25, 2),
        ["focal_no_alpha"] = () => new FocalLoss(-1, 1.5, Reduction.Sum),
    };

    public static TheoryData<string> Cases => [.. Losses.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_ValueAndGradient_MatchPyTorch(string name)
    {
        var f = Load("layers", $"loss_{name}.safetensors");
        var x = ToTensor(f["x"]);
        x.RequiresGrad = true;

        var loss = Losses[name]().Forward(x, ToTensor(f["t"]));
        (loss.Rank == 0 ? loss : Ops.Sum(loss)).Backward();

        AssertClose(f["loss"], loss, $"{name} loss");
        AssertClose(f["dx"], x.Grad!, $"{name} gradient");
    }

    [Fact]
    public void CrossEntropy_TargetOutOfRange_NamesIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new CrossEntropyLoss().Forward(Tensor.Zeros(2, 3), Tensor.From([0f, 3f], 2)));

        Assert.Contains("class indices in [0, 3), got 3 at position 1", e.Message, StringComparison.Ordinal);
    }
}
