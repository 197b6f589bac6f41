using MedVision.Tensors;

namespace MedVision.Training.Tests;

public sealed class DihedralAugmentationTests
{
    // numpy.rot90(arange(9).reshape(1, 3, 3), k % 4, axes=(1, 2)), then [:, :, ::-1] when k >= 4.
    [Theory]
    [InlineData(0, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(1, new[] { 2, 5, 8, 1, 4, 7, 0, 3, 6 })]
    [InlineData(2, new[] { 8, 7, 6, 5, 4, 3, 2, 1, 0 })]
    [InlineData(3, new[] { 6, 3, 0, 7, 4, 1, 8, 5, 2 })]
    [InlineData(4, new[] { 2, 1, 0, 5, 4, 3, 8, 7, 6 })]
    [InlineData(5, new[] { 8, 5, 2, 7, 4, 1, 6, 3, 0 })]
    [InlineData(6, new[] { 6, 7, 8, 3, 4, 5, 0, 1, 2 })]
    [InlineData(7, new[] { 0, 3, 6, 1, 4, 7, 2, 5, 8 })]
    public void Square_MatchesNumpyRot90ThenFlip(int k, int[] expected)
    {
        // Two channels: each plane is transformed alike.
        var sample = Enumerable.Range(0, 9).Concat(Enumerable.Range(100, 9)).Select(v => (float)v).ToArray();
        Nn.Patches.Dihedral.Apply(sample, 3, 3, k);
        Assert.Equal(expected.Select(v => (float)v), sample[..9]);
        Assert.Equal(expected.Select(v => (float)(v + 100)), sample[9..]);
    }

    // arange(12).reshape(1, 3, 4) with [::-1, :], [::-1, ::-1] and [:, ::-1].
    [Theory]
    [InlineData(0, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 })]
    [InlineData(1, new[] { 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3 })]
    [InlineData(6, new[] { 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 })]
    [InlineData(3, new[] { 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8 })]
    public void NonSquare_FlipsOnly(int k, int[] expected)
    {
        var sample = Enumerable.Range(0, 12).Select(v => (float)v).ToArray();
        Nn.Patches.Dihedral.Apply(sample, 3, 4, k);
        Assert.Equal(expected.Select(v => (float)v), sample);
    }

    [Fact]
    public void Hook_DrawsAllEightSymmetries_AndIsSeeded()
    {
        var seen = new HashSet<string>();
        var first = new List<string>();
        var second = new List<string>();
        foreach (var (generator, record) in new[] { (new Generator(5), first), (new Generator(5), second) })
        {
            for (var i = 0; i < 200; i++)
            {
                var sample = Enumerable.Range(0, 9).Select(v => (float)v).ToArray();
                Augmentations.Dihedral(sample, 3, 3, generator);
                var key = string.Join(',', sample);
                record.Add(key);
                seen.Add(key);
            }
        }

        Assert.Equal(8, seen.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Presets_NameKerasAndDihedral()
    {
        Assert.Same(Augmentations.Dihedral, Augmentations.Presets["dihedral"]);
        Assert.Same(Augmentations.KerasSeed000, Augmentations.Presets["keras"]);
    }

    [Fact]
    public void KerasPreset_SamplesInZeroToOne_StayInZeroToOne()
    {
        var g = new MedVision.Tensors.Generator(7);
        for (var trial = 0; trial < 20; trial++)
        {
            var sample = new float[32 * 32];
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = 0.2f + (0.6f * (i % 32) / 31);
            }

            Augmentations.KerasSeed000(sample, 32, 32, g);
            Assert.All(sample, v => Assert.InRange(v, 0f, 1f));
        }
    }
}
