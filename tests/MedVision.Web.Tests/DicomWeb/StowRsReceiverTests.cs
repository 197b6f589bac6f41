using System.Net;
using System.Text;
using System.Text.Json;
using MedVision.Data.DicomWeb;
using MedVision.Imaging.Io.Dicom;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Pacs;
using MedVision.Testing;
using MedVision.Web.DicomWeb;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MedVision.Web.Tests.DicomWeb;

/// <summary>The STOW-RS receiver hosted alone in a minimal app on a random loopback port, fed by <see cref="DicomWebClient"/>.</summary>
public sealed class StowRsReceiverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-stow-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static byte[] Instance(string study, string uid, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[2 * 32 * 32];
        for (var i = 0; i < pixels.Length; i += 2)
        {
            pixels[i] = (byte)rng.Next(60, 200);
        }

        return DicomWriter.Encode(new DicomDatasetBuilder()
            .SetText("SOPClassUID", "1.2.840.10008.5.1.4.1.1.1.2")
            .SetText("SOPInstanceUID", uid)
            .SetText("StudyInstanceUID", study)
            .SetText("SeriesInstanceUID", study + ".1")
            .SetText("PatientID", "STOW1")
            .SetText("Modality", "MG")
            .SetNumbers("SamplesPerPixel", 1)
            .SetText("PhotometricInterpretation", "MONOCHROME2")
            .SetNumbers("Rows", 32)
            .SetNumbers("Columns", 32)
            .SetNumbers("BitsAllocated", 16)
            .SetNumbers("BitsStored", 12)
            .SetNumbers("HighBit", 11)
            .SetNumbers("PixelRepresentation", 0)
            .SetBytes("PixelData", pixels, "OW")
            .Build());
    }

    private static async Task<(WebApplication App, Uri Root)> Host(StowOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapStowRs(options);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address.TrimEnd('/') + options.Root));
    }

    private string TinyBundle()
    {
        var config = new ExperimentConfig
        {
            PhantomRegionsPerClass = 6,
            Protocol = new ProtocolConfig { Folds = 3 },
            Models = [new ModelConfig { Name = "seed-cnn", Epochs = 1, InputSize = 32 }],
            Evaluation = new EvaluationConfig { Bootstrap = 0 },
        };
        var outcome = new ExperimentRunner(config).Run();
        ExperimentWriter.Write(outcome, Path.Combine(_root, "study"));
        return Path.Combine(_root, "study", "models", outcome.Bundles![0].Manifest.Name);
    }

    [Fact]
    public async Task Stow_StoresEachInstanceInTheInbox_AndClassifiesIt()
    {
        var bundlePath = TinyBundle();
        var bundle = ModelBundle.Load(bundlePath);
        var inbox = Path.Combine(_root, "inbox");
        var (app, root) = await Host(new StowOptions { Inbox = inbox, Classifier = new PacsClassifier(bundle, PacsClassifier.ModelKey(bundlePath)) });
        await using var _ = app;
        using var client = new DicomWebClient(root);
        byte[][] files = [Instance("1.2.826.1", "1.2.826.1.1.1", 1), Instance("1.2.826.1", "1.2.826.1.1.2", 2)];

        var answer = await client.StoreAsync(files);

        Assert.Equal(["1.2.826.1.1.1", "1.2.826.1.1.2"], answer.Stored);
        Assert.Empty(answer.Failed);
        Assert.Equal(files[0], File.ReadAllBytes(Path.Combine(inbox, "1.2.826.1", "1.2.826.1.1.1.dcm")));
        var lines = File.ReadAllLines(Path.Combine(inbox, "results.csv"));
        Assert.Equal(PacsResult.CsvHeader, lines[0]);
        Assert.Equal(3, lines.Length);
        foreach (var (line, file) in lines.Skip(1).Order(StringComparer.Ordinal).Zip(files))
        {
            var cells = line.Split(',');
            var expected = bundle.PredictProba([DicomFile.Parse(file).PixelArray().ToImage()])[0];
            Assert.Equal(expected, double.Parse(cells[5], System.Globalization.CultureInfo.InvariantCulture));
            var sr = DicomFile.Read(Path.Combine(inbox, "1.2.826.1", "medvision", cells[9] + ".dcm")).Dataset;
            Assert.Equal(DicomStructuredReport.SopClassUid, sr.GetString("SOPClassUID"));
            Assert.Equal(expected, sr.GetItems("ContentSequence")[1].GetItems("MeasuredValueSequence")[0].GetNumber("FloatingPointValue"));
            Assert.True(File.Exists(Path.Combine(inbox, "1.2.826.1", "medvision", cells[8] + ".dcm")));
        }

        await app.StopAsync();
    }

    [Fact]
    public async Task Stow_RefusesWhatItCannotStore_WithTheStandardsStatuses()
    {
        var inbox = Path.Combine(_root, "inbox");
        var (app, root) = await Host(new StowOptions { Inbox = inbox, MaxRequestBytes = 64 * 1024 });
        await using var _ = app;
        using var client = new DicomWebClient(root);

        // Some parts fail: 202 with a FailedSOPSequence naming why (garbage; another study than the route's).
        var answer = await client.StoreAsync([Instance("1.2.826.2", "1.2.826.2.1.1", 3), Encoding.ASCII.GetBytes("not DICOM at all")]);
        Assert.Equal(["1.2.826.2.1.1"], answer.Stored);
        Assert.Equal(StowRsEndpoints.CannotUnderstand, Assert.Single(answer.Failed).Reason);
        Assert.False(File.Exists(Path.Combine(inbox, "results.csv")));

        using var http = new HttpClient();
        var boundary = MultipartRelated.NewBoundary();
        async Task<HttpResponseMessage> Post(string path, byte[] body, string type)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", type);
            return await http.PostAsync(new Uri(root + path), content);
        }

        var one = MultipartRelated.Build([new MultipartPart("application/dicom", Instance("1.2.826.3", "1.2.826.3.1.1", 4))], boundary);
        Assert.Equal(HttpStatusCode.Conflict, (await Post("/studies/1.2.826.9", one, MultipartRelated.ContentType(boundary))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Post("/studies", one, "application/json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("/studies", one[..^30], MultipartRelated.ContentType(boundary))).StatusCode);
        var big = MultipartRelated.Build([new MultipartPart("application/dicom", new byte[70 * 1024])], boundary);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Post("/studies", big, MultipartRelated.ContentType(boundary))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("/studies/1.2.evil", one, MultipartRelated.ContentType(boundary))).StatusCode);
        Assert.Equal(["1.2.826.2"], Directory.GetDirectories(inbox).Select(Path.GetFileName));
        await app.StopAsync();
    }

    [OrthancFact]
    public async Task Orthanc_ForwardsAStudy_IntoTheInbox()
    {
        var inbox = Path.Combine(_root, "inbox");
        var (app, root) = await Host(new StowOptions { Inbox = inbox });
        await using var _ = app;
        using var orthanc = new OrthancFixture(new Dictionary<string, Uri> { ["medvision"] = root });
        using var client = new DicomWebClient(orthanc.DicomWeb);
        Assert.Empty((await client.StoreAsync([Instance("1.2.826.5", "1.2.826.5.1.1", 5), Instance("1.2.826.5", "1.2.826.5.1.2", 6)])).Failed);

        // Orthanc's DICOMweb plugin sends the study to the receiver with STOW-RS.
        using var rest = new HttpClient { BaseAddress = orthanc.Rest };
        using var lookup = await rest.PostAsync(new Uri("/tools/lookup", UriKind.Relative), new StringContent("1.2.826.5"));
        using var found = JsonDocument.Parse(await lookup.Content.ReadAsStringAsync());
        var id = found.RootElement[0].GetProperty("ID").GetString();
        using var stow = await rest.PostAsync(new Uri("/dicom-web/servers/medvision/stow", UriKind.Relative), new StringContent($$"""{"Resources": ["{{id}}"]}"""));
        Assert.True(stow.IsSuccessStatusCode, await stow.Content.ReadAsStringAsync() + orthanc.Log);

        var received = Directory.GetFiles(Path.Combine(inbox, "1.2.826.5")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["1.2.826.5.1.1.dcm", "1.2.826.5.1.2.dcm"], received.Select(Path.GetFileName));
        Assert.Equal(["1.2.826.5.1.1", "1.2.826.5.1.2"], received.Select(f => DicomFile.Read(f).Dataset.GetString("SOPInstanceUID")));
        await app.StopAsync();
    }
}
