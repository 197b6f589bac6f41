using MedVision.Imaging;
using MedVision.Imaging.Io;

namespace MedVision.Data.Tests;

public sealed class MiasDatasetTests : IDisposable
{
    private const int H = 64;
    private const int W = 48;
    private readonly string _root = Directory.CreateTempSubdirectory("mv-mias-").FullName;

    public MiasDatasetTests()
    {
        // Synthetic mammograms: black background, a bright half-disk breast on the left, a film label top right.
        foreach (var n in new[] { 1, 2, 3 })
        {
            var image = new Image(1, H, W);
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    var inside = ((y - 32) * (y - 32)) + (x * x) <= 26 * 26;
                    image[0, y, x] = inside ? 120 + ((x + (2 * y)) % 40) : 0;
                }
            }

            for (var y = 2; y < 6; y++)
            {
                for (var x = 40; x < 46; x++)
                {
                    image[0, y, x] = 250;
                }
            }

            // Markers at the annotated centres of mdb001 (x 10, y 40 → row 23) and mdb003 (x 12, y 30 → row 33).
            image[0, 23, 10] = n == 1 ? 255 : image[0, 23, 10];
            image[0, 33, 12] = n == 3 ? 254 : image[0, 33, 12];
            PnmWriter.Write(Path.Combine(_root, $"mdb00{n}.pgm"), image);
        }

        File.WriteAllLines(Path.Combine(_root, "Info.txt"),
        [
            "MIAS database: 1st column reference, ... coordinate system origin is the bottom-left corner.",
            "mdb001 G CIRC B 10 40 8",
            "mdb001 G CALC M 3 60 4",
            "",
            "mdb002 F NORM ",
            "mdb003 D CALC B",
            "mdb003 D SPIC M 12 30 9",
        ]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static DatasetOptions Options(int seed = 0, int normals = 4, string labels = "normal-tumor", bool patient = false) =>
        new() { Seed = seed, Mias = new MiasOptions { RoiSize = 9, NormalRois = normals, Labels = labels, GroupByPatient = patient } };

    [Fact]
    public void AbnormalRois_AreCentredWithTheOriginAtTheBottomLeft()
    {
        var set = DatasetDiscovery.Discover(_root, Options());
        Assert.Equal(["Normal", "Tumor"], set.ClassNames);
        Assert.Equal(["mdb001/abnormal1", "mdb001/abnormal2", "mdb002/normal1", "mdb002/normal2", "mdb002/normal3", "mdb002/normal4", "mdb003/abnormal2"],
            set.Samples.Select(s => s.Id));
        Assert.Equal([1, 1, 0, 0, 0, 0, 1], set.Samples.Select(s => s.Label));
        Assert.Equal(["mdb001", "mdb001", "mdb002", "mdb002", "mdb002", "mdb002", "mdb003"], set.Samples.Select(s => s.Group));
        Assert.Contains(set.Notes, n => n.StartsWith("mdb003 (CALC B, line 6): no centre", StringComparison.Ordinal));

        var store = ImageStore.Load(set);
        Assert.All(store.Images, i => Assert.Equal((9, 9), (i.Height, i.Width)));
        Assert.Equal(255, store.Images[0][0, 4, 4]);
        Assert.Equal(254, store.Images[6][0, 4, 4]);
        // mdb001 line 2: x 3, y 60 → row 3, so the ROI reaches 1 column left of and 1 row above the image: zeros.
        Assert.Equal(0, store.Images[1][0, 0, 0]);
        Assert.Equal(Geometry.CropAround(ImageFile.Read(Path.Combine(_root, "mdb001.pgm")), 3, 3, 9, 9).Data, store.Images[1].Data);
    }

    [Fact]
    public void NormalRois_AreCentredInTheBreast_AndSeeded()
    {
        var a = DatasetDiscovery.Discover(_root, Options(seed: 5));
        var b = DatasetDiscovery.Discover(_root, Options(seed: 5));
        var c = DatasetDiscovery.Discover(_root, Options(seed: 6));
        Assert.Equal(a.Samples, b.Samples);
        Assert.NotEqual(a.Samples.Select(s => s.Source), c.Samples.Select(s => s.Source));
        foreach (var s in a.Samples.Where(s => s.Label == 0))
        {
            var region = ((RegionPixels)s.Source!).Region;
            var (y, x) = (region.CenterY, region.CenterX);
            Assert.True(((y - 32) * (y - 32)) + (x * x) <= 26 * 26, $"normal ROI centre ({y}, {x}) lies outside the breast");
            Assert.True(region.IsInside(H, W));
        }
    }

    [Fact]
    public void SeverityLabels_AndPatientGroups()
    {
        var set = DatasetDiscovery.Discover(Path.Combine(_root, "Info.txt"), Options(normals: 1, labels: "severity", patient: true));
        Assert.Equal(["Normal", "Benign", "Malignant"], set.ClassNames);
        Assert.Equal([1, 2, 0, 2], set.Samples.Select(s => s.Label));
        Assert.Equal(["mdb001-mdb002", "mdb001-mdb002", "mdb001-mdb002", "mdb003-mdb004"], set.Samples.Select(s => s.Group));
    }

    [Theory]
    [InlineData("mdb004 G CIRC B 1 2 3", "line 2: no mammogram mdb004.pgm")]
    [InlineData("mdb001 G LUMP B 1 2 3", "line 2: expected 'ref bg class")]
    [InlineData("mdb001 G CIRC X 1 2 3", "line 2: severity must be B or M")]
    [InlineData("mdb001 G CIRC B 1 two 3", "line 2: expected non-negative integers")]
    [InlineData("mdb001 G NORM 1", "line 2: a NORM line has no severity")]
    public void BadAnnotationLines_AreFormatErrorsWithTheLine(string line, string expected)
    {
        var info = Path.Combine(_root, "other.txt");
        File.WriteAllLines(info, ["header", line]);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetDiscovery.Discover(_root, Options() with { Annotations = info }));
        Assert.Contains(info, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalMammogramWithoutRoomForAnRoi_IsAFormatError()
    {
        var e = Assert.Throws<DatasetFormatException>(() => DatasetDiscovery.Discover(_root, Options() with { Mias = new MiasOptions { RoiSize = 60 } }));
        Assert.Contains("mdb002.pgm: no normal ROI", e.Message, StringComparison.Ordinal);
    }
}
