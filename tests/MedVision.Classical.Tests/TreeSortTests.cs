using MedVision.Classical.Trees;

namespace MedVision.Classical.Tests;

public sealed class TreeSortTests
{
    // Both paths (packed sort below 128 samples, radix sort above) at every length up to 300, with negatives,
    // signed zeros, duplicates and extremes.
    [Fact]
    public void SortByValue_OrdersLikeArraySort_AtAllLengths()
    {
        var random = new Random(5);
        float[] specials = [0f, -0f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 1e-7f, -1e-7f];
        for (var count = 0; count <= 300; count++)
        {
            var column = new float[count + 10];
            for (var i = 0; i < column.Length; i++)
            {
                column[i] = random.Next(4) switch
                {
                    0 => specials[random.Next(specials.Length)],
                    1 => random.Next(-3, 3),
                    _ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 6))),
                };
            }

            var samples = Enumerable.Range(0, column.Length).OrderBy(_ => random.Next()).Take(count).ToArray();
            var order = new int[count];
            TreeBuilder.SortByValue(column, samples, order, new TreeBuilder.Scratch(count, 2));
            Assert.Equal(samples.Order().ToArray(), order.Order().ToArray());
            for (var t = 1; t < count; t++)
            {
                Assert.True(column[order[t - 1]] <= column[order[t]], $"length {count}: {column[order[t - 1]]} before {column[order[t]]}");
            }
        }
    }
}
