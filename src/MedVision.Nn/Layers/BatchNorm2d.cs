namespace MedVision.Nn;

/// <summary>Batch normalisation of (N, C, H, W) inputs (PyTorch <c>nn.BatchNorm2d</c>); see <see cref="BatchNorm"/>.</summary>
public sealed class BatchNorm2d : BatchNorm
{
    public BatchNorm2d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats)
    {
    }

    protected override bool AcceptsRank(int rank) => rank == 4;
}
