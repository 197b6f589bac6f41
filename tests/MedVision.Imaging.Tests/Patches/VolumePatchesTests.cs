using System.Text.Json;
using MedVision.Imaging.Io;
using MedVision.Testing;

namespace MedVision.Imaging.Tests;

public class VolumePatchesTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("imaging", "patches", "world_points.json"))).RootElement;

    private static Volume FixtureVolume() => ImageFile.ReadVolume(RepoPaths.Fixture("imaging", "patches", Reference.GetProperty("file").GetString()!));

    private static double[] Numbers(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    [Fact]
    public void FixtureVolume_HasTheRotatedMirroredGeometry()
    {
        var volume = FixtureVolume();
        Assert.Equal(Numbers(Reference.GetProperty("size")), new double[] { volume.Width, volume.Height, volume.Depth });
        Assert.Equal(Numbers(Reference.GetProperty("spacing")), volume.Spacing);
        Assert.Equal(Numbers(Reference.GetProperty("origin")), volume.Origin);
        var direction = Numbers(Reference.GetProperty("direction"));
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(direction[i], volume.Direction[i], 12);
        }
    }

    [Fact]
    public void NearestIndex_MatchesItkRounding()
    {
        var volume = FixtureVolume();
        foreach (var point in Reference.GetProperty("points").EnumerateArray())
        {
            var w = Numbers(point.GetProperty("world"));
            var expected = Numbers(point.GetProperty("index"));
            var (x, y, z) = VolumePatches.NearestIndex(volume, w[0], w[1], w[2]);
            Assert.Equal(expected, new double[] { x, y, z });
        }
    }

    [Fact]
    public void Axial_MatchesNumpyCropWithAirPadding()
    {
        var volume = FixtureVolume();
        var size = Reference.GetProperty("patch_size").GetInt32();
        var fill = (float)Reference.GetProperty("fill").GetDouble();
        var checkedPatches = 0;
        foreach (var point in Reference.GetProperty("points").EnumerateArray())
        {
            var w = Numbers(point.GetProperty("world"));
            if (point.GetProperty("patch").ValueKind == JsonValueKind.Null)
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => VolumePatches.Axial(volume, w[0], w[1], w[2], size, size, fill));
                continue;
            }

            var expected = point.GetProperty("patch").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => (float)v.GetDouble()).ToArray();
            var patch = VolumePatches.Axial(volume, w[0], w[1], w[2], size, size, fill);
            Assert.Equal((1, size, size), (patch.Channels, patch.Height, patch.Width));
            Assert.Equal(expected, patch.Data);
            checkedPatches++;
        }

        Assert.True(checkedPatches >= 6, $"only {checkedPatches} fixture patches lie inside the volume");
    }

    [Fact]
    public void Axial_PointOnNoSlice_IsOutOfRange()
    {
        var volume = new Volume(2, 3, 3, new float[18]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => VolumePatches.Axial(volume, 1, 1, 2.6, 3, 3));
        Assert.Contains("slice 3", e.Message, StringComparison.Ordinal);
    }
}
