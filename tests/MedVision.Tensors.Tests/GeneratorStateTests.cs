namespace MedVision.Tensors.Tests;

public sealed class GeneratorStateTests
{
    [Fact]
    public void SetState_ContinuesTheSequence_WhereGetStateLeftIt()
    {
        var original = new Generator(42);
        original.NextUInt64();
        original.NextDouble();
        var state = original.GetState();
        var expected = Enumerable.Range(0, 5).Select(_ => original.NextUInt64()).ToArray();

        var restored = new Generator(7);
        restored.SetState(state);

        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => restored.NextUInt64()));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public void SetState_RejectsAnythingButFourNonZeroWords(int words)
    {
        var e = Assert.Throws<ArgumentException>(() => new Generator(1).SetState(new ulong[words == 0 ? 4 : words]));
        Assert.Contains("4 words, not all zero", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(1f / 3f)]
    [InlineData(0.999f)]
    [InlineData(1f)]
    [InlineData(5.9604645E-08f)]
    public void FillMask_DrawsWhatNextSingleDraws_AndLeavesTheSameState(float p)
    {
        var a = new Generator(77);
        var b = new Generator(77);
        var mask = new float[10_000];
        a.FillMask(mask, p, 2.5f);
        for (var i = 0; i < mask.Length; i++)
        {
            Assert.Equal(b.NextSingle() >= p ? 2.5f : 0f, mask[i]);
        }

        Assert.Equal(b.GetState(), a.GetState());
    }
}
