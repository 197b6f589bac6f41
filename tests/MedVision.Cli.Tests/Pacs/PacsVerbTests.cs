using System.Diagnostics;
using System.Globalization;
using MedVision.Data.DicomWeb;
using MedVision.Imaging.Io.Dicom;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Pacs;
using MedVision.Testing;
using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests.Pacs;

/// <summary><c>medvision pacs</c> against a private Orthanc: query, classify --store (SC + SR back), and the resumable batch.</summary>
public sealed class PacsVerbTests(PacsEnvironment env) : IClassFixture<PacsEnvironment>
{
    private static async Task<IReadOnlyList<(string StudyUid, IReadOnlyList<byte[]> Instances)>> Upload(DicomWebClient client, string patients, int seed, int count = 3, int images = 2, int size = 32)
    {
        var studies = PhantomStudies.Create(patients, count, images, seed, size);
        foreach (var (_, files) in studies)
        {
            var answer = await client.StoreAsync(files);
            Assert.Empty(answer.Failed);
            Assert.Equal(files.Count, answer.Stored.Count);
        }

        return studies;
    }

    private static List<string[]> Rows(string csv)
    {
        var lines = File.ReadAllLines(csv);
        Assert.Equal(PacsResult.CsvHeader, lines[0]);
        return [.. lines.Skip(1).Select(l => l.Split(','))];
    }

    [OrthancFact]
    public async Task ClassifyStore_LeavesAnScAndAComprehensiveSrPerImage_WhoseNumIsThePredictedProbability()
    {
        using var client = new DicomWebClient(env.Orthanc.DicomWeb);
        var studies = await Upload(client, "MVSTORE", seed: 11);
        var url = env.Orthanc.DicomWeb.AbsoluteUri;

        var (code, stdout, error) = Run("pacs", "query", "--url", url, "--patient", "MVSTORE*", "--modality", "MG");
        Assert.True(code == ExitCodes.Success, error);
        var found = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(studies.Select(s => s.StudyUid).Order(), found.Select(f => f[0]).Order());
        Assert.All(found, f => Assert.Equal(("MG", "2"), (f[3], f[6])));

        var folder = env.Folder("store");
        var csv = Path.Combine(folder, "results.csv");
        string[] args = ["pacs", "classify", "--url", url, "--model", env.Bundle, "--store", "--out", csv, .. studies.SelectMany(s => new[] { "--study", s.StudyUid })];
        (code, _, error) = Run(args);
        Assert.True(code == ExitCodes.Success, error);
        var rows = Rows(csv);
        Assert.Equal(6, rows.Count);

        // The probability in the CSV is the bundle's own score of the image as written.
        var bundle = ModelBundle.Load(env.Bundle);
        var sources = studies.SelectMany(s => s.Instances).Select(b => DicomFile.Parse(b)).ToDictionary(f => f.Dataset.GetString("SOPInstanceUID")!);
        foreach (var row in rows)
        {
            var expected = bundle.PredictProba([sources[row[2]].PixelArray().ToImage()])[0];
            Assert.Equal(expected, double.Parse(row[5], CultureInfo.InvariantCulture));
            Assert.Equal(bundle.Label(expected), row[6]);
        }

        foreach (var (studyUid, instances) in studies)
        {
            var series = await client.SearchSeriesAsync(studyUid);
            Assert.Equal(["MG", "OT", "SR"], series.Select(s => s.GetString("Modality")).Order());
            var retrieved = (await client.RetrieveStudyAsync(studyUid)).Select(b => DicomFile.Parse(b)).ToList();
            Assert.Equal(6, retrieved.Count);
            foreach (var source in instances.Select(b => DicomFile.Parse(b).Dataset))
            {
                var uid = source.GetString("SOPInstanceUID")!;
                var row = rows.Single(r => r[2] == uid);
                var sc = retrieved.Single(f => f.Dataset.GetString("SOPInstanceUID") == row[8]);
                var sr = retrieved.Single(f => f.Dataset.GetString("SOPInstanceUID") == row[9]);
                CheckSecondaryCapture(sc, source);
                CheckReport(sr, source, double.Parse(row[5], CultureInfo.InvariantCulture));
                CheckWithOtherReaders(env.Folder("tools-" + uid), sc, sr, double.Parse(row[5], CultureInfo.InvariantCulture));
            }
        }

        // Storing again writes the same instances (UIDs derive from the model and the source): nothing new in Orthanc.
        (code, _, error) = Run(args);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(6, (await client.SearchInstancesAsync(studies[0].StudyUid)).Count);
        Assert.Equal(rows.Select(r => string.Join(',', r)), Rows(csv).Select(r => string.Join(',', r)));
    }

    private static void CheckSecondaryCapture(DicomFile sc, DicomDataset source)
    {
        var ds = sc.Dataset;
        Assert.Equal(DicomSecondaryCapture.SopClassUid, sc.Meta.GetString("MediaStorageSOPClassUID"));
        Assert.Equal(DicomSecondaryCapture.SopClassUid, ds.GetString("SOPClassUID"));
        Assert.Equal(DicomTransferSyntax.ExplicitVrLittleEndian, sc.TransferSyntax);
        Assert.Equal(source.GetString("StudyInstanceUID"), ds.GetString("StudyInstanceUID"));
        Assert.Equal(source.GetString("PatientID"), ds.GetString("PatientID"));
        Assert.Equal(source.GetString("PatientName"), ds.GetString("PatientName"));
        Assert.NotEqual(source.GetString("SeriesInstanceUID"), ds.GetString("SeriesInstanceUID"));
        Assert.Equal(("RGB", 3.0, 0.0, "WSD"), (ds.GetString("PhotometricInterpretation"), ds.GetNumber("SamplesPerPixel"), ds.GetNumber("PlanarConfiguration"), ds.GetString("ConversionType")));
        var reference = Assert.Single(ds.GetItems("SourceImageSequence"));
        Assert.Equal(source.GetString("SOPInstanceUID"), reference.GetString("ReferencedSOPInstanceUID"));
        Assert.Equal(source.GetString("SOPClassUID"), reference.GetString("ReferencedSOPClassUID"));
        var pixels = sc.PixelArray();
        Assert.Equal((32, 32, 3), (pixels.Rows, pixels.Columns, pixels.SamplesPerPixel));
        // A Grad-CAM overlay is coloured: red and blue differ somewhere.
        Assert.Contains(Enumerable.Range(0, 32 * 32), i => pixels.Values[3 * i] != pixels.Values[(3 * i) + 2]);
    }

    private static void CheckReport(DicomFile sr, DicomDataset source, double probability)
    {
        var ds = sr.Dataset;
        Assert.Equal(DicomStructuredReport.SopClassUid, ds.GetString("SOPClassUID"));
        Assert.Equal(("SR", "CONTAINER", "COMPLETE", "UNVERIFIED"), (ds.GetString("Modality"), ds.GetString("ValueType"), ds.GetString("CompletionFlag"), ds.GetString("VerificationFlag")));
        Assert.Equal(source.GetString("StudyInstanceUID"), ds.GetString("StudyInstanceUID"));
        Assert.Equal(source.GetString("PatientID"), ds.GetString("PatientID"));
        var content = ds.GetItems("ContentSequence");
        var num = content.Single(i => i.GetItems("ConceptNameCodeSequence")[0].GetString("CodeValue") == DicomStructuredReport.ProbabilityCode);
        Assert.Equal(("CONTAINS", "NUM"), (num.GetString("RelationshipType"), num.GetString("ValueType")));
        var measured = Assert.Single(num.GetItems("MeasuredValueSequence"));
        Assert.Equal(probability, measured.GetNumber("FloatingPointValue"));
        Assert.Equal(probability, measured.GetNumber("NumericValue")!.Value, 1e-12);
        Assert.Equal(("{probability}", "UCUM"), (measured.GetItems("MeasurementUnitsCodeSequence")[0].GetString("CodeValue"), measured.GetItems("MeasurementUnitsCodeSequence")[0].GetString("CodingSchemeDesignator")));
        var image = content.Single(i => i.GetString("ValueType") == "IMAGE");
        Assert.Equal(source.GetString("SOPInstanceUID"), image.GetItems("ReferencedSOPSequence")[0].GetString("ReferencedSOPInstanceUID"));
        var evidence = Assert.Single(ds.GetItems("CurrentRequestedProcedureEvidenceSequence"));
        var evidenceSeries = Assert.Single(evidence.GetItems("ReferencedSeriesSequence"));
        Assert.Equal(source.GetString("SeriesInstanceUID"), evidenceSeries.GetString("SeriesInstanceUID"));
        Assert.Equal(source.GetString("SOPInstanceUID"), Assert.Single(evidenceSeries.GetItems("ReferencedSOPSequence")).GetString("ReferencedSOPInstanceUID"));
    }

    /// <summary>DCMTK's dcmdump and dsrdump accept the files and pydicom reads them, each when installed.</summary>
    private static void CheckWithOtherReaders(string folder, DicomFile sc, DicomFile sr, double probability)
    {
        var scPath = Path.Combine(folder, "sc.dcm");
        var srPath = Path.Combine(folder, "sr.dcm");
        DicomWriter.Write(scPath, sc.Dataset);
        DicomWriter.Write(srPath, sr.Dataset);
        foreach (var path in new[] { scPath, srPath })
        {
            if (DicomTools.Run("dcmdump", "-q", path) is { } dump)
            {
                Assert.True(dump.Code == 0 && !dump.Err.Contains("E: ", StringComparison.Ordinal), $"dcmdump {path}: {dump.Err}");
            }
        }

        if (DicomTools.Run("dsrdump", srPath) is { } report)
        {
            Assert.True(report.Code == 0 && !report.Err.Contains("E: ", StringComparison.Ordinal), $"dsrdump: {report.Err}");
            Assert.Contains("Probability of", report.Out, StringComparison.Ordinal);
        }

        if (DicomTools.HasPydicom)
        {
            var script = """
                import sys, pydicom
                sc = pydicom.dcmread(sys.argv[1]); sr = pydicom.dcmread(sys.argv[2])
                num = [i for i in sr.ContentSequence if i.ValueType == 'NUM' and i.ConceptNameCodeSequence[0].CodeValue == 'MV002'][0]
                print(sc.pixel_array.shape, sc.PhotometricInterpretation, sr.SOPClassUID, repr(float(num.MeasuredValueSequence[0].FloatingPointValue)))
                """;
            var run = DicomTools.Run(DicomTools.Python, "-c", script, scPath, srPath)!.Value;
            Assert.True(run.Code == 0, run.Err);
            var parts = run.Out.Trim().Split(' ');
            Assert.Equal("(32, 32, 3) RGB " + DicomStructuredReport.SopClassUid, string.Join(' ', parts[..^1]));
            Assert.Equal(probability, double.Parse(parts[^1], CultureInfo.InvariantCulture));
        }
    }

    [OrthancFact]
    public async Task Batch_StoppedAfterTheFirstStudy_ResumesAndClassifiesEachStudyOnce()
    {
        using var client = new DicomWebClient(env.Orthanc.DicomWeb);
        var studies = await Upload(client, "MVBATCH", seed: 12);
        var url = env.Orthanc.DicomWeb.AbsoluteUri;
        var csv = Path.Combine(env.Folder("batch"), "results.csv");
        const string query = "PatientID=MVBATCH*&Modality=MG";
        var key = PacsClassifier.ModelKey(env.Bundle);
        var classifier = new PacsClassifier(ModelBundle.Load(env.Bundle), key);
        var calls = new List<string>();
        async Task<IReadOnlyList<string>> List(CancellationToken token) =>
            [.. (await client.SearchStudiesAsync([new("PatientID", "MVBATCH*"), new("ModalitiesInStudy", "MG")], token)).Select(s => s.GetString("StudyInstanceUID")!)];
        async Task<IReadOnlyList<PacsResult>> Classify(string uid, CancellationToken token)
        {
            calls.Add(uid);
            return (await classifier.ClassifyStudyAsync(client, uid, store: false, token)).Results;
        }

        // First run: stopped as soon as the first study is marked done.
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new StudyBatch(csv, query, key).RunAsync(List, Classify, _ => stop.Cancel(), stop.Token));
        Assert.Single(calls);
        Assert.Equal(2, Rows(csv).Count);
        // As if the process died after writing some rows of the second study but before marking it done.
        File.AppendAllText(csv, studies[0].StudyUid + ",half a row\n");

        var (code, _, error) = Run("pacs", "classify", "--url", url, "--query", query, "--model", env.Bundle, "--out", csv);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("3 studies: 1 done before, 2 classified now (4 images)", error, StringComparison.Ordinal);

        // A third run finds everything done and classifies nothing.
        var summary = await new StudyBatch(csv, query, key).RunAsync(List, Classify);
        Assert.Equal(new StudyBatch.Summary(3, 3, 0, 0), summary);
        Assert.Single(calls);

        var rows = Rows(csv);
        var expected = studies.SelectMany(s => s.Instances).Select(b => DicomFile.Parse(b).Dataset.GetString("SOPInstanceUID")!).Order();
        Assert.Equal(expected, rows.Select(r => r[2]).Order());
        Assert.All(rows, r => Assert.Equal(10, r.Length));
        var done = File.ReadAllLines(StudyBatch.StatePath(csv)).Where(l => l.StartsWith("done ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToList();
        Assert.Equal(studies.Select(s => s.StudyUid).Order(), done.Order());

        // Another model or query on the same CSV is refused rather than mixed in.
        (code, _, error) = Run("pacs", "classify", "--url", url, "--query", "PatientID=OTHER", "--model", env.Bundle, "--out", csv);
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("another query", error, StringComparison.Ordinal);
    }

    [OrthancFact]
    public async Task Batch_ProcessKilledMidway_RerunClassifiesAndStoresEachStudyOnce()
    {
        using var client = new DicomWebClient(env.Orthanc.DicomWeb);
        // One-image studies of 256 × 256 pixels, each some milliseconds to retrieve, explain and store: the batch is
        // still running when it is killed after its first study.
        const int count = 6;
        var studies = await Upload(client, "MVKILL", seed: 13, count, images: 1, size: 256);
        var url = env.Orthanc.DicomWeb.AbsoluteUri;
        var csv = Path.Combine(env.Folder("kill"), "results.csv");
        string[] args = ["pacs", "classify", "--url", url, "--query", "PatientID=MVKILL*", "--model", env.Bundle, "--out", csv, "--store"];
        var state = StudyBatch.StatePath(csv);
        int DoneLines() => File.Exists(state) ? File.ReadAllLines(state).Count(l => l.StartsWith("done ", StringComparison.Ordinal)) : 0;

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(CliApp).Assembly.Location }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(start)!)
        {
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && DoneLines() == 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "no study was marked done within a minute");
                Thread.Sleep(2);
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.True(process.ExitCode != 0, "the batch ended before it could be killed: " + process.StandardError.ReadToEnd());
        }

        var before = DoneLines();
        Assert.InRange(before, 1, count);
        var (code, _, error) = Run(args);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains($"{count} studies: {before} done before, {count - before} classified now ({count - before} images)", error, StringComparison.Ordinal);

        var rows = Rows(csv);
        var expected = studies.SelectMany(s => s.Instances).Select(b => DicomFile.Parse(b).Dataset.GetString("SOPInstanceUID")!).Order();
        Assert.Equal(expected, rows.Select(r => r[2]).Order());
        Assert.Equal(count, DoneLines());
        foreach (var (studyUid, _) in studies)
        {
            // Image, overlay, report: a study stored twice (killed after its STOW, before its mark) holds no duplicates.
            Assert.Equal(3, (await client.SearchInstancesAsync(studyUid)).Count);
        }
    }
}
