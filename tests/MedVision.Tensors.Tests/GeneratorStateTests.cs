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

    [Theory]
    [InlineData(0, 0.0, 1.0)]
    [InlineData(1, 0.0, 1.0)]
    [InlineData(1023, 0.0, 0.01)]
    [InlineData(1024, 0.5, 2.0)]
    [InlineData(3000, -1.0, 0.02)]
    [InlineData(1 << 20, 0.0, 0.01)]   // many chunks, every vector log and cos against the C library's
    public void FillNormal_GivesTheFloatsOfNextNormal_InOrder_AndLeavesTheSameState(int length, double mean, double std)
    {
        var a = new Generator(5);
        var b = new Generator(5);
        var values = new float[length];
        a.FillNormal(values, mean, std);
        var expected = new float[length];
        for (var i = 0; i < length; i++)
        {
            expected[i] = (float)(mean + (std * b.NextNormal()));
        }

        Assert.Equal(expected, values);

        Assert.Equal(b.GetState(), a.GetState());
    }

    [Theory]
    [InlineData(0, 0.0, 1.0)]
    [InlineData(5000, -0.3, 0.3)]
    public void FillDoubleUniform_GivesTheFloatsOfNextDouble_InOrder_AndLeavesTheSameState(int length, double low, double high)
    {
        var a = new Generator(9);
        var b = new Generator(9);
        var values = new float[length];
        a.FillDoubleUniform(values, low, high);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal((float)(low + ((high - low) * b.NextDouble())), values[i]);
        }

        Assert.Equal(b.GetState(), a.GetState());
    }

    [Fact]
    public void NextDouble_IsTheTop53BitsOverTwoToThe53()
    {
        var a = new Generator(3);
        var b = new Generator(3);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal((b.NextUInt64() >> 11) / 9007199254740992.0, a.NextDouble());
        }
    }
}
