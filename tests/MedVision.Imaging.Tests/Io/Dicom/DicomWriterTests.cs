using System.Buffers.Binary;
using System.Diagnostics;
using MedVision.Imaging.Io.Dicom;

namespace MedVision.Imaging.Tests.Io.Dicom;

/// <summary>The writer is the reader's inverse: what <see cref="DicomDatasetBuilder"/> and <see cref="DicomWriter"/> make, <see cref="DicomFile"/> reads back (and pydicom, when installed).</summary>
public sealed class DicomWriterTests
{
    private static DicomDataset Source() => new DicomDatasetBuilder()
        .SetText("SOPClassUID", "1.2.840.10008.5.1.4.1.1.1.2")
        .SetText("SOPInstanceUID", "1.2.3.4.5")
        .SetText("StudyInstanceUID", "1.2.3.4")
        .SetText("SeriesInstanceUID", "1.2.3.4.1")
        .SetText("PatientName", "Doe^Ann")
        .SetText("PatientID", "P-17")
        .SetText("StudyDate", "20250102")
        .SetText("AccessionNumber", "A1")
        .SetText("Modality", "MG")
        .SetNumbers("InstanceNumber", 3)
        .Build();

    [Fact]
    public void Encode_WritesPreambleAndMetaGroup_WithItsGroupLength()
    {
        var bytes = DicomWriter.Encode(Source());

        Assert.All(bytes[..128], b => Assert.Equal(0, b));
        Assert.Equal("DICM"u8.ToArray(), bytes[128..132]);
        Assert.Equal([0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 4, 0], bytes[132..140]);
        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
        // The group ends where the first data set element (0008,xxxx) starts.
        Assert.Equal(0x0008, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(144 + (int)groupLength)));
        var file = DicomFile.Parse(bytes);
        Assert.Equal(DicomTransferSyntax.ExplicitVrLittleEndian, file.TransferSyntax);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.1.2", file.Meta.GetString("MediaStorageSOPClassUID"));
        Assert.Equal("1.2.3.4.5", file.Meta.GetString("MediaStorageSOPInstanceUID"));
        Assert.Equal(DicomUid.ImplementationClass, file.Meta.GetString("ImplementationClassUID"));
        Assert.Equal(new byte[] { 0, 1 }, file.Meta["FileMetaInformationVersion"]!.Value.ToArray());
        Assert.Equal(groupLength, file.Meta.GetNumber("FileMetaInformationGroupLength"));
    }

    [Fact]
    public void RoundTrip_TextNumbersSequencesAndBytes_ReadBackEqual()
    {
        var item = new DicomDatasetBuilder().SetText("CodeValue", "121322").SetText("CodingSchemeDesignator", "DCM").SetText("CodeMeaning", "Odd").Build();
        var dataset = new DicomDatasetBuilder()
            .SetText("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7")
            .SetText("SOPInstanceUID", "1.2.3")
            .SetText("ImageType", @"DERIVED\SECONDARY")
            .SetText("PatientName", "Müller^Zoë")
            .SetNumbers("Rows", 2)
            .SetNumbers("Columns", 3)
            .SetNumbers("PixelSpacing", 0.1, 1.0 / 3)
            .SetNumbers("InstanceNumber", 12)
            .SetNumbers("FloatingPointValue", Math.PI)
            .SetSequence("SourceImageSequence", new DicomDatasetBuilder().SetText("ReferencedSOPInstanceUID", "1.2.9")
                .SetSequence("PurposeOfReferenceCodeSequence", item).Build())
            .SetSequence("ReferencedPerformedProcedureStepSequence")
            .SetBytes("PixelData", new byte[] { 1, 2, 3, 4, 5, 6 }, "OB")
            .Build();

        var read = DicomFile.Parse(DicomWriter.Encode(dataset)).Dataset;

        Assert.Equal(@"DERIVED\SECONDARY", read.GetString("ImageType"));
        Assert.Equal("Müller^Zoë", read.GetString("PatientName"));
        Assert.Equal(2, read.GetNumber("Rows"));
        Assert.Equal([0.1, 1.0 / 3], read.GetNumbers("PixelSpacing")!, (a, b) => Math.Abs(a - b) < 1e-14);
        Assert.Equal(12, read.GetNumber("InstanceNumber"));
        Assert.Equal(Math.PI, read.GetNumber("FloatingPointValue"));
        var source = Assert.Single(read.GetItems("SourceImageSequence"));
        Assert.Equal("1.2.9", source.GetString("ReferencedSOPInstanceUID"));
        Assert.Equal("Odd", Assert.Single(source.GetItems("PurposeOfReferenceCodeSequence")).GetString("CodeMeaning"));
        Assert.Empty(read.GetItems("ReferencedPerformedProcedureStepSequence"));
        Assert.NotNull(read["ReferencedPerformedProcedureStepSequence"]);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, read[DicomTag.PixelData]!.Value.ToArray());
        // Elements keep ascending tag order, whatever order they were set in.
        var tags = read.Elements.Select(e => e.Tag.Value).ToList();
        Assert.Equal(tags.Order(), tags);
    }

    [Fact]
    public void Rewrite_OfABigEndianFile_SwapsNumbersToLittleEndian()
    {
        var bigEndian = new DicomTestFile("1.2.840.10008.1.2.2", bigEndian: true)
            .Text(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7")
            .Text(0x0008, 0x0018, "UI", "1.2.3.4")
            .Image(rows: 1, columns: 2, bitsAllocated: 16, bitsStored: 16, highBit: 15, signed: 0)
            .Element(0x7FE0, 0x0010, "OW", [0x01, 0x02, 0x03, 0x04])
            .ToArray();
        var read = DicomFile.Parse(bigEndian);

        var builder = new DicomDatasetBuilder();
        foreach (var e in read.Dataset.Elements)
        {
            builder.Copy(e);
        }

        var rewritten = DicomFile.Parse(DicomWriter.Encode(builder.Build()));
        Assert.Equal(DicomTransferSyntax.ExplicitVrLittleEndian, rewritten.TransferSyntax);
        Assert.Equal(read.PixelArray().Values, rewritten.PixelArray().Values);
        Assert.Equal([0x0102, 0x0304], rewritten.PixelArray().Values);
        Assert.Equal(2, rewritten.Dataset.GetNumber("Columns"));
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0 / 3, "0.33333333333333")]
    [InlineData(1e-20, "1E-20")]
    [InlineData(-123456.789012345678, "-123456.78901235")]
    public void DecimalString_IsTheShortestTextThatFitsDs(double value, string expected)
    {
        var text = DicomDatasetBuilder.DecimalString("NumericValue", value);
        Assert.Equal(expected, text);
        Assert.True(text.Length <= 16);
    }

    [Fact]
    public void BadValues_AreArgumentErrorsNamingTheAttribute()
    {
        var builder = new DicomDatasetBuilder();
        Assert.Contains("SOPInstanceUID must be a UID", Assert.Throws<ArgumentException>(() => builder.SetText("SOPInstanceUID", "1.02.3")).Message, StringComparison.Ordinal);
        Assert.Contains("at most 16", Assert.Throws<ArgumentException>(() => builder.SetText("Modality", new string('M', 17))).Message, StringComparison.Ordinal);
        Assert.Contains("not text", Assert.Throws<ArgumentException>(() => builder.SetText("Rows", "2")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.SetNumbers("Rows", 70000));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.SetNumbers("NumericValue", double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.SetNumbers("InstanceNumber", 1.5));
        Assert.Contains("SOPClassUID", Assert.Throws<ArgumentException>(() => DicomWriter.Encode(new DicomDatasetBuilder().SetText("PatientID", "x").Build())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uids_AreValid_UniqueOrDerivedFromTheirName()
    {
        var a = DicomUid.New();
        Assert.StartsWith("2.25.", a, StringComparison.Ordinal);
        Assert.True(DicomUid.IsValid(a), a);
        Assert.NotEqual(a, DicomUid.New());
        Assert.Equal(DicomUid.FromName("x"), DicomUid.FromName("x"));
        Assert.NotEqual(DicomUid.FromName("x"), DicomUid.FromName("y"));
        Assert.True(DicomUid.IsValid(DicomUid.FromName("x")));
        Assert.Equal("2.25.0", DicomUid.FromUuid(Guid.Empty));
        Assert.Equal("2.25.340282366920938463463374607431768211455", DicomUid.FromUuid(Guid.AllBitsSet));
        Assert.False(DicomUid.IsValid("1..2"));
        Assert.False(DicomUid.IsValid("1.2."));
        Assert.False(DicomUid.IsValid("1.a"));
        Assert.False(DicomUid.IsValid(new string('1', 65)));
    }

    [Fact]
    public void SecondaryCapture_IsColourByPixel_AndReferencesItsSource()
    {
        var rgb = new Image(3, 2, 2, [10, 20, 30, 40, /* G */ 50, 60, 70, 80, /* B */ 90, 100, 110, 300]);
        var instance = new DicomDerivedInstance("1.2.3.9", 9901, "overlay", "1.2.3.9.1", 1);

        var read = DicomFile.Parse(DicomWriter.Encode(DicomSecondaryCapture.Create(Source(), rgb, instance, "test overlay")));

        var ds = read.Dataset;
        Assert.Equal((DicomSecondaryCapture.SopClassUid, "1.2.3.9.1", "1.2.3.9"), (ds.GetString("SOPClassUID"), ds.GetString("SOPInstanceUID"), ds.GetString("SeriesInstanceUID")));
        Assert.Equal(("1.2.3.4", "P-17", "Doe^Ann", "A1"), (ds.GetString("StudyInstanceUID"), ds.GetString("PatientID"), ds.GetString("PatientName"), ds.GetString("AccessionNumber")));
        Assert.Equal(("OT", "WSD", "RGB", 0.0), (ds.GetString("Modality"), ds.GetString("ConversionType"), ds.GetString("PhotometricInterpretation"), ds.GetNumber("PlanarConfiguration")));
        Assert.Equal("1.2.3.4.5", Assert.Single(ds.GetItems("SourceImageSequence")).GetString("ReferencedSOPInstanceUID"));
        // R G B of pixel 0, then of pixel 1 …; 300 is clamped to 255.
        Assert.Equal([10, 50, 90, 20, 60, 100, 30, 70, 110, 40, 80, 255], read.Dataset[DicomTag.PixelData] is { } p ? p.Value.ToArray().Select(b => (double)b) : []);
        Assert.Equal(rgb.Data.Select(v => Math.Min(v, 255)), read.PixelArray().ToImage().Data);
    }

    [Fact]
    public void StructuredReport_HoldsTheResultAsNumAndText_UnderOneContainer()
    {
        var result = new DicomClassification("tiny-cnn", "malignant", "benign", 0.123456789012345678, 0.4) { Calibrated = 0.2 };
        var instance = new DicomDerivedInstance("1.2.3.8", 9902, "result", "1.2.3.8.1", 1);

        var ds = DicomFile.Parse(DicomWriter.Encode(DicomStructuredReport.Create(Source(), result, instance))).Dataset;

        Assert.Equal((DicomStructuredReport.SopClassUid, "SR", "CONTAINER", "SEPARATE"), (ds.GetString("SOPClassUID"), ds.GetString("Modality"), ds.GetString("ValueType"), ds.GetString("ContinuityOfContent")));
        Assert.Equal(DicomStructuredReport.ReportCode, ds.GetItems("ConceptNameCodeSequence")[0].GetString("CodeValue"));
        var content = ds.GetItems("ContentSequence");
        string Code(DicomDataset item) => item.GetItems("ConceptNameCodeSequence")[0].GetString("CodeValue")!;
        double Num(string code) => content.Single(i => Code(i) == code).GetItems("MeasuredValueSequence")[0].GetNumber("FloatingPointValue")!.Value;
        Assert.Equal(0.123456789012345678, Num(DicomStructuredReport.ProbabilityCode));
        Assert.Equal("0.12345678901235", content.Single(i => Code(i) == DicomStructuredReport.ProbabilityCode).GetItems("MeasuredValueSequence")[0].GetString("NumericValue"));
        Assert.Equal(0.4, Num(DicomStructuredReport.ThresholdCode));
        Assert.Equal(0.2, Num(DicomStructuredReport.CalibratedCode));
        Assert.Equal("benign", content.Single(i => Code(i) == DicomStructuredReport.LabelCode).GetString("TextValue"));
        Assert.Equal("tiny-cnn", content.Single(i => Code(i) == "111001").GetString("TextValue"));
        Assert.All(content, i => Assert.Equal("CONTAINS", i.GetString("RelationshipType")));
        Assert.Equal(["TEXT", "NUM", "NUM", "TEXT", "NUM", "IMAGE"], content.Select(i => i.GetString("ValueType")));
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomStructuredReport.Create(Source(), result with { Probability = 1.5 }, instance));
    }

    [PydicomFolderFact]
    public void Pydicom_ReadsWhatTheWriterWrites()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mv-dicomwrite-").FullName, "sr.dcm");
        var result = new DicomClassification("tiny-cnn", "malignant", "benign", 0.25, 0.5);
        DicomWriter.Write(path, DicomStructuredReport.Create(Source(), result, new DicomDerivedInstance("1.2.3.8", 9902, "result", "1.2.3.8.1", 1)));
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("""
            import sys, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            num = ds.ContentSequence[1].MeasuredValueSequence[0]
            print(ds.file_meta.TransferSyntaxUID, ds.PatientID, ds.ContentSequence[1].ConceptNameCodeSequence[0].CodeMeaning, num.NumericValue, num.FloatingPointValue)
            """);
        start.ArgumentList.Add(path);
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEnd().Trim();
        var error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, error);
        Assert.Equal("1.2.840.10008.1.2.1 P-17 Probability of malignant 0.25 0.25", output);

        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
