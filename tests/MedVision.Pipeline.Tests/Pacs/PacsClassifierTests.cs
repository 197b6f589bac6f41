using MedVision.Imaging.Io.Dicom;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Pacs;

namespace MedVision.Pipeline.Tests.Pacs;

/// <summary>What <see cref="PacsClassifier"/> writes for a feature bundle (no Grad-CAM: a grey secondary capture), and its UIDs.</summary>
public sealed class PacsClassifierTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("mv-pacsclassifier-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static DicomFile Source(string uid, string photometric = "MONOCHROME2")
    {
        var pixels = new byte[2 * 32 * 32];
        for (var i = 0; i < 32 * 32; i++)
        {
            pixels[2 * i] = (byte)(100 + (i % 32) + (i / 32));
        }

        return DicomFile.Parse(DicomWriter.Encode(new DicomDatasetBuilder()
            .SetText("SOPClassUID", "1.2.840.10008.5.1.4.1.1.1.2")
            .SetText("SOPInstanceUID", uid)
            .SetText("StudyInstanceUID", "1.2.826.7")
            .SetText("SeriesInstanceUID", "1.2.826.7.1")
            .SetText("PatientID", "P7")
            .SetText("Modality", "MG")
            .SetNumbers("InstanceNumber", 4)
            .SetNumbers("SamplesPerPixel", 1)
            .SetText("PhotometricInterpretation", photometric)
            .SetNumbers("Rows", 32)
            .SetNumbers("Columns", 32)
            .SetNumbers("BitsAllocated", 16)
            .SetNumbers("BitsStored", 16)
            .SetNumbers("HighBit", 15)
            .SetNumbers("PixelRepresentation", 0)
            .SetBytes("PixelData", pixels, "OW")
            .Build()));
    }

    [Fact]
    public void FeatureBundle_WritesAGreySecondaryCapture_AndUidsDerivedFromModelAndSource()
    {
        var outcome = new ExperimentRunner(new ExperimentConfig
        {
            PhantomRegionsPerClass = 6,
            Protocol = new ProtocolConfig { Folds = 3 },
            Models = [new ModelConfig { Name = "wavelet-rf" }],
            Evaluation = new EvaluationConfig { Bootstrap = 0 },
        }).Run();
        ExperimentWriter.Write(outcome, _out);
        var folder = Path.Combine(_out, "models", outcome.Bundles![0].Manifest.Name);
        var bundle = ModelBundle.Load(folder);
        Assert.False(bundle.CanExplain);
        var key = PacsClassifier.ModelKey(folder);
        var classifier = new PacsClassifier(bundle, key);

        var first = classifier.Classify(Source("1.2.826.7.1.1"));

        var sc = DicomFile.Parse(first.SecondaryCapture);
        Assert.Equal(("MONOCHROME2", 1.0, 4.0), (sc.Dataset.GetString("PhotometricInterpretation"), sc.Dataset.GetNumber("SamplesPerPixel"), sc.Dataset.GetNumber("InstanceNumber")));
        // Min–max stretched: the darkest pixel is 0, the brightest 255, order kept.
        var grey = sc.PixelArray().Values;
        Assert.Equal((0.0, 255.0), (grey.Min(), grey.Max()));
        Assert.Equal(0.0, grey[0]);
        Assert.Equal(255.0, grey[^1]);
        Assert.Contains("no saliency map", sc.Dataset.GetString("DerivationDescription"), StringComparison.Ordinal);
        var expected = bundle.PredictProba([Source("1.2.826.7.1.1").PixelArray().ToImage()])[0];
        Assert.Equal(expected, first.Result.Probability);
        var sr = DicomFile.Parse(first.StructuredReport).Dataset;
        Assert.Equal(expected, sr.GetItems("ContentSequence")[1].GetItems("MeasuredValueSequence")[0].GetNumber("FloatingPointValue"));

        // Same model, same source: the same instances; another source or another model: new ones, in the same series.
        var again = classifier.Classify(Source("1.2.826.7.1.1"));
        Assert.Equal((first.Result.OverlayUid, first.Result.ReportUid), (again.Result.OverlayUid, again.Result.ReportUid));
        var other = classifier.Classify(Source("1.2.826.7.1.2"));
        Assert.NotEqual(first.Result.OverlayUid, other.Result.OverlayUid);
        Assert.Equal(sc.Dataset.GetString("SeriesInstanceUID"), DicomFile.Parse(other.SecondaryCapture).Dataset.GetString("SeriesInstanceUID"));
        var retrained = new PacsClassifier(bundle, key + "x").Classify(Source("1.2.826.7.1.1"));
        Assert.NotEqual(first.Result.ReportUid, retrained.Result.ReportUid);

        // MONOCHROME1 shows low values bright: the grey capture is inverted to look the same.
        var inverted = DicomFile.Parse(classifier.Classify(Source("1.2.826.7.1.3", "MONOCHROME1")).SecondaryCapture).PixelArray().Values;
        Assert.Equal((255.0, 0.0), (inverted[0], inverted[^1]));
    }

    [Fact]
    public void SkipReason_NamesWhyAnInstanceIsNotClassified()
    {
        Assert.Null(PacsClassifier.SkipReason(Source("1.2.3")));
        var report = DicomFile.Parse(DicomWriter.Encode(new DicomDatasetBuilder().SetText("SOPClassUID", "1.2.840.10008.5.1.4.1.1.88.33").SetText("SOPInstanceUID", "1.2.4").Build()));
        Assert.Equal("1.2.4: no pixel data (SOP class 1.2.840.10008.5.1.4.1.1.88.33)", PacsClassifier.SkipReason(report));
        var ours = DicomFile.Parse(DicomWriter.Encode(new DicomDatasetBuilder().SetText("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7").SetText("SOPInstanceUID", "1.2.5").SetText("Manufacturer", "MedVision").Build()));
        Assert.Equal("1.2.5: written by MedVision", PacsClassifier.SkipReason(ours));
    }
}
