namespace MedVision.Nn;

/// <summary>Batch normalisation of (N, C) or (N, C, L) inputs (PyTorch <c>nn.BatchNorm1d</c>); see <see cref="BatchNorm"/>.</summary>
public sealed class BatchNorm1d : BatchNorm
{
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats)
    {
    }

    protected override bool AcceptsRank(int rank) => rank is 2 or 3;
}
