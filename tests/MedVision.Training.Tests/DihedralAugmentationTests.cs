using MedVision.Tensors;

namespace MedVision.Training.Tests;

public sealed class DihedralAugmentationTests
{
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
