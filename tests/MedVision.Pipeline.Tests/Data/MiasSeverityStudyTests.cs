using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Experiments;

namespace MedVision.Pipeline.Tests;

/// <summary><c>mias: {labels: severity}</c>: a three-class (Normal / Benign / Malignant) study from MIAS-layout mammograms.</summary>
public sealed class MiasSeverityStudyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-mias-severity-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void SeverityLabels_GiveAThreeClassStudy()
    {
        // Twelve 48×48 films: a grey breast on the left; benign lesions grey level 190, malignant 250, as 7×7 squares.
        var lines = new List<string> { "MIAS database (synthetic)" };
        for (var n = 1; n <= 12; n++)
        {
            var image = new Image(1, 48, 48);
            for (var y = 0; y < 48; y++)
            {
                for (var x = 0; x < 48; x++)
                {
                    image[0, y, x] = ((y - 24) * (y - 24)) + (x * x) <= 40 * 40 ? 100 + ((x + (3 * y) + n) % 20) : 0;
                }
            }

            var kind = n % 3;
            if (kind > 0)
            {
                // Centre (x 15, y 24 from the bottom) → row 23.
                for (var y = 20; y < 27; y++)
                {
                    for (var x = 12; x < 19; x++)
                    {
                        image[0, y, x] = kind == 1 ? 190 : 250;
                    }
                }
            }

            var name = $"mdb{n:D3}";
            PnmWriter.Write(Path.Combine(_root, name + ".pgm"), image);
            lines.Add(kind == 0 ? $"{name} F NORM" : $"{name} G CIRC {(kind == 1 ? "B" : "M")} 15 24 4");
        }

        File.WriteAllLines(Path.Combine(_root, "Info.txt"), lines);
        var yaml = $"""
            data: {Path.Combine(_root, "Info.txt")}
            out: {Path.Combine(_root, "out")}
            mias:
              labels: severity
              roi_size: 9
            protocol:
              folds: 2
            models:
              - name: stats-lr
            evaluation:
              bootstrap: 20
            """;
        var config = ExperimentConfigLoader.Parse(yaml);
        var outcome = new ExperimentRunner(config).Run();

        Assert.Equal(["Normal", "Benign", "Malignant"], outcome.Store.Dataset.ClassNames);
        Assert.Equal([4, 4, 4], outcome.Store.Dataset.ClassCounts());
        var metrics = outcome.Results.Models[0].MulticlassMetrics!;
        Assert.Equal(["Normal", "Benign", "Malignant"], metrics.Matrix.Classes);
        Assert.Equal(12, metrics.Count);
        Assert.Null(outcome.Results.Dataset.PositiveClass);
    }
}
