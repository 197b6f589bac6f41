using System.Text.Json;
using MedVision.Testing;

namespace MedVision.Nn.Tests.Schedules;

/// <summary>tests/fixtures/nn/schedules.json, written by nn_schedules.py from torch.optim.lr_scheduler.</summary>
internal static class ScheduleFixture
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("nn", "schedules.json"))).RootElement);

    public static JsonElement Schedule(string name) => Root.Value.GetProperty("schedules").GetProperty(name);

    public static JsonElement Plateau(string name) => Root.Value.GetProperty("plateau").GetProperty(name);

    public static JsonElement Finder => Root.Value.GetProperty("finder");

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>Rates per step and group: [step][group].</summary>
    public static double[][] Rates(JsonElement c) => [.. c.GetProperty("lr").EnumerateArray().Select(Doubles)];

    public static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = 1e-12 + (1e-9 * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
