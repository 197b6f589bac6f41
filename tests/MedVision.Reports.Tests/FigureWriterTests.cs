using System.Buffers.Binary;
using System.Xml.Linq;
using MedVision.Reports.Figures;
using MedVision.Reports.Svg;

namespace MedVision.Reports.Tests;

public sealed class FigureWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mv-figures-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Figure Roc() => new("roc-model", new LineChart("ROC, model", "false positive rate", "true positive rate") { XRange = (0, 1), YRange = (0, 1) }
        .Add(new Series("model (AUC 0.750)", [0, 0.25, 1], [0, 0.75, 1]))
        .Add(new Series("chance", [0, 1], [0, 1], "#999", Dashed: true))
        .ToSvg());

    [Fact]
    public void Svg_IsAStandaloneDocumentOnWhite()
    {
        var result = FigureWriter.Write(_folder, [Roc()], new FigureWriteOptions { Png = false });

        Assert.Equal(["roc-model.svg"], result.Files);
        Assert.Null(result.Warning);
        var doc = XDocument.Load(Path.Combine(_folder, "roc-model.svg"));
        var first = doc.Root!.Elements().First();
        Assert.Equal("rect", first.Name.LocalName);
        Assert.Equal("#fff", first.Attribute("fill")!.Value);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [PngFact]
    public void Png_IsTheSvgAtThreeTimesItsSize_WithInkWhereTheCurvesAre()
    {
        var figure = Roc();
        var result = FigureWriter.Write(_folder, [figure]);

        Assert.Equal(["roc-model.svg", "roc-model.png"], result.Files);
        var png = File.ReadAllBytes(Path.Combine(_folder, "roc-model.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var svgRoot = XDocument.Parse(figure.Svg).Root!;
        var width = int.Parse(svgRoot.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(svgRoot.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(width * 3, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(height * 3, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        // A blank or text-less rendering compresses to a few kilobytes; axes, curves and labels take far more.
        Assert.InRange(png.Length, 15_000, 2_000_000);
        // The same figure renders to the same bytes.
        Assert.Equal(png, FigureWriter.RenderPng(FigureWriter.Standalone(figure.Svg), 3));
    }

    [Fact]
    public void BadNamesAndMarkup_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => FigureWriter.Write(_folder, [new Figure("../x", Roc().Svg)]));
        Assert.Throws<ArgumentException>(() => FigureWriter.Standalone("<html/>"));
        Assert.Throws<ArgumentOutOfRangeException>(() => FigureWriter.Write(_folder, [Roc()], new FigureWriteOptions { Scale = 0 }));
    }
}
