using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Bundles;
using MedVision.Testing;
using Microsoft.Extensions.Logging;

namespace MedVision.Web.Tests;

/// <summary>The service's API and guards, over a real loopback socket, with the study fixture's bundle.</summary>
[Collection(StudyGroup.Name)]
public sealed class ServiceTests(StudyFixture study) : IAsyncLifetime, IDisposable
{
    private const long MaxUpload = 1 << 20;
    private readonly LogCapture _logs = new();
    private LocalService _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = ServiceHost.Build(new ServeOptions
        {
            ModelsFolder = study.Models,
            RunsFolder = study.Runs,
            Urls = ["http://127.0.0.1:0"],
            TokenFile = Path.Combine(study.Root, $"token-{Guid.NewGuid():N}", "serve.token"),
            MaxUploadBytes = MaxUpload,
        }, logging => logging.AddProvider(_logs));
        await _service.StartAsync();
        _client = Client(_service.Token);
    }

    public void Dispose() => _logs.Dispose();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.StopAsync();
        await _service.DisposeAsync();
    }

    private HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = _service.Addresses[0] };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static ByteArrayContent Raw(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };

    private async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> Post(HttpContent content, string query = "?model=seed-cnn")
    {
        var response = await _client.PostAsync(new Uri("/api/predict" + query, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    [Fact]
    public async Task Models_GivesTheBundlesCard()
    {
        var cards = JsonNode.Parse(await _client.GetStringAsync(new Uri("/api/models", UriKind.Relative)))!.AsArray();
        var card = Assert.Single(cards)!;
        var manifest = ModelBundle.Load(study.Bundle).Manifest;
        Assert.Equal("seed-cnn", (string?)card["name"]);
        Assert.Equal("cnn", (string?)card["kind"]);
        Assert.Equal(manifest.ClassNames, card["class_names"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(manifest.ClassNames[1], (string?)card["positive_class"]);
        Assert.Equal(manifest.Threshold, (double)card["threshold"]!);
        Assert.Equal(32, (int)card["input"]!["height"]!);
        Assert.True((bool)card["can_explain"]!);
        Assert.Equal(manifest.Calibration is not null, (bool)card["calibrated"]!);
        Assert.NotNull(card["metrics"]);
    }

    [Fact]
    public async Task Predict_Png_AsRawBodyAndAsMultipart_GivesTheBundlesScore_AndAnOverlayAtTheImagesSize()
    {
        var bundle = ModelBundle.Load(study.Bundle);
        var image = PngReader.Decode(study.Png, "png", ReadOptions.Default);
        var expected = bundle.PredictProba([image])[0];

        var form = new MultipartFormDataContent { { Raw(study.Png), "file", "scan.png" } };
        foreach (var content in new HttpContent[] { Raw(study.Png), form })
        {
            var (status, body, _) = await Post(content);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("PNG", (string?)body!["format"]);
            Assert.Equal(expected, (double)body["probability"]!);
            Assert.Equal(bundle.Label(expected), (string?)body["label"]);
            Assert.Equal(bundle.Calibrated(expected), (double)body["calibrated"]!);
            Assert.Equal(bundle.Manifest.Threshold, (double)body["threshold"]!);
            Assert.Equal(1 - expected, (double)body["probabilities"]![bundle.Manifest.ClassNames[0]]!, 12);
            var overlay = PngReader.Decode(Convert.FromBase64String((string)body["grad_cam_png"]!), "overlay", ReadOptions.Default);
            Assert.Equal((3, image.Height, image.Width), (overlay.Channels, overlay.Height, overlay.Width));
        }
    }

    [Fact]
    public async Task Predict_Dicom_IsToldByItsBytes_NotItsName()
    {
        var dicom = await File.ReadAllBytesAsync(RepoPaths.Fixture("imaging", "dicom", "MR_small.dcm"));
        var form = new MultipartFormDataContent { { Raw(dicom), "file", "looks-like.png" } };

        var (status, body, _) = await Post(form);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DICOM", (string?)body!["format"]);
        Assert.Equal((64, 64), ((int)body["width"]!, (int)body["height"]!));
        Assert.InRange((double)body["probability"]!, 0, 1);
    }

    [Theory]
    [InlineData("jpeg/rgb420_131x77.jpg", "JPEG", 200)]
    [InlineData("jpeg/gray_progressive_45x31.jpg", "JPEG", 200)]
    [InlineData("dicom/SC_rgb_jpeg_dcmtk.dcm", "DICOM", 200)]
    [InlineData("dicom/ExplVR_BigEnd.dcm", "DICOM", 200)]
    [InlineData("dicom/JPEG2000.dcm", null, 400)]
    [InlineData("io/metaimage/ct_short.mhd", null, 415)]
    public async Task Predict_OtherFixtures_AreScoredOrRefusedCleanly(string fixture, string? format, int expected)
    {
        var bytes = await File.ReadAllBytesAsync(RepoPaths.Fixture(["imaging", .. fixture.Split('/')]));

        var (status, body, _) = await Post(Raw(bytes));

        Assert.True(expected == (int)status, $"{fixture}: {(int)status} {body}");
        if (format is not null)
        {
            Assert.Equal(format, (string?)body!["format"]);
        }
    }

    [Fact]
    public async Task Predict_MutatedUploads_NeverGet500()
    {
        var random = new Random(7);
        var sources = new[] { study.Png, await File.ReadAllBytesAsync(RepoPaths.Fixture("imaging", "dicom", "MR_small.dcm")),
            await File.ReadAllBytesAsync(RepoPaths.Fixture("imaging", "dicom", "SC_rgb_jpeg_dcmtk.dcm")),
            await File.ReadAllBytesAsync(RepoPaths.Fixture("imaging", "jpeg", "rgb420_131x77.jpg")),
            Npy(new NpyArray([8, 8], new float[64])) };
        var statuses = new List<int>();
        foreach (var source in sources)
        {
            for (var k = 0; k < 24; k++)
            {
                var bytes = k % 3 == 0 ? source[..random.Next(1, source.Length)] : (byte[])source.Clone();
                for (var flips = k % 3 == 0 ? 0 : random.Next(1, 9); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                statuses.Add((int)(await Post(Raw(bytes))).Status);
            }
        }

        Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 400, 415 }));
        Assert.Contains(400, statuses);
    }

    public static TheoryData<string, int> Malformed() => new()
    {
        { "truncated-png", 400 },
        { "corrupt-png", 400 },
        { "truncated-dicom", 400 },
        { "text", 415 },
        { "empty", 400 },
        { "npy-bad-header", 400 },
        { "npy-nan", 400 },
        { "npy-four-dimensions", 400 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Predict_MalformedUpload_IsA4xxProblem_AndTheServiceKeepsServing(string kind, int expected)
    {
        var dicom = await File.ReadAllBytesAsync(RepoPaths.Fixture("imaging", "dicom", "MR_small.dcm"));
        var corrupt = (byte[])study.Png.Clone();
        Array.Fill(corrupt, (byte)0xA5, 33, corrupt.Length - 33);
        byte[] bytes = kind switch
        {
            "truncated-png" => study.Png[..(study.Png.Length / 2)],
            "corrupt-png" => corrupt,
            "truncated-dicom" => dicom[..600],
            "text" => "name,label\nDOE^JOHN,1\n"u8.ToArray(),
            "empty" => [],
            "npy-nan" => Npy(new NpyArray([2, 2], [1f, float.NaN, 0f, 1f])),
            "npy-four-dimensions" => Npy(new NpyArray([1, 2, 2, 1], new float[4])),
            _ => [0x93, .. "NUMPY"u8, 1, 0, 4, 0, .. "{'x'"u8],
        };

        var (status, body, response) = await Post(Raw(bytes));

        Assert.Equal(expected, (int)status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace((string?)body!["detail"]), "a refusal says why");
        Assert.Equal(HttpStatusCode.OK, (await Post(Raw(study.Png))).Status);
    }

    private static byte[] Npy(NpyArray array)
    {
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, array);
        return stream.ToArray();
    }

    [Fact]
    public async Task Predict_UnknownModel_Is404_NamingTheModels()
    {
        var (status, body, _) = await Post(Raw(study.Png), "?model=nope");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("seed-cnn", (string?)body!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_OverTheUploadLimit_Is413_AndTheServiceKeepsServing()
    {
        // With Expect: 100-continue the client sends no body once the answer is 413 (otherwise it may be writing the
        // body when the server closes the connection, and see a broken pipe instead of the answer).
        using var declared = new HttpRequestMessage(HttpMethod.Post, "/api/predict?model=seed-cnn") { Content = Raw(new byte[MaxUpload + 1]) };
        declared.Headers.ExpectContinue = true;
        using var refused = await _client.SendAsync(declared);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("limit", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["detail"], StringComparison.Ordinal);

        // Without a Content-Length the limit holds too: Kestrel stops reading at the limit. (One byte over, so that the
        // client has sent the whole body by the time the server answers.)
        using var chunked = new StreamContent(new MemoryStream(new byte[MaxUpload + 1]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/predict?model=seed-cnn") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/models")]
    [InlineData("GET", "/api/health")]
    [InlineData("GET", "/api/runs")]
    [InlineData("POST", "/api/predict?model=seed-cnn")]
    [InlineData("GET", "/runs/phantom-study/report.html")]
    [InlineData("GET", "/no-such-page")]
    public async Task WithoutTheToken_Is401(string method, string path)
    {
        foreach (var token in new[] { null, "wrong", _service.Token + "x" })
        {
            using var client = Client(token);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Raw(study.Png) : null };
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task ThePage_NeedsNoToken_AndCarriesSecurityHeaders()
    {
        using var anonymous = Client(null);
        foreach (var path in new[] { "/", "/app.js", "/app.css" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }

        Assert.Contains("<script src=\"/app.js\"", await anonymous.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5080")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task AnotherHostHeader_Is400_EvenWithTheToken(string host)
    {
        foreach (var path in new[] { "/", "/api/models" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            using var response = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:{port}")]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("[::1]:{port}")]
    public async Task LoopbackHostHeaders_AreServed(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        request.Headers.Host = host.Replace("{port}", _service.Addresses[0].Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Runs_ListTheStudy_AndServeItsReport()
    {
        var runs = JsonNode.Parse(await _client.GetStringAsync(new Uri("/api/runs", UriKind.Relative)))!.AsArray();
        var run = Assert.Single(runs)!;
        Assert.Equal("phantom-study", (string?)run["id"]);
        Assert.True((bool)run["has_report"]!);
        var model = Assert.Single(run["models"]!.AsArray())!;
        Assert.Equal("seed-cnn", (string?)model["name"]);
        var results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(study.Runs, "phantom-study", "results.json")))!;
        Assert.Equal((double?)results["models"]![0]!["metrics"]!["auc"]!["value"], (double?)model["auc"]);

        using var response = await _client.GetAsync(new Uri("/runs/phantom-study/report.html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(study.Runs, "phantom-study", "report.html")), await response.Content.ReadAsStringAsync());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/runs/..%2F..%2Fsecret/report.html")]
    [InlineData("/runs/%2E%2E/report.html")]
    [InlineData("/runs/../secret/report.html")]
    [InlineData("/runs/..%5Csecret/report.html")]
    [InlineData("/runs/linked/report.html")]
    [InlineData("/runs/no-such-run/report.html")]
    public async Task Reports_OutsideTheRunsFolder_AreRefused(string path)
    {
        // A secret report beside the runs folder, and a link inside it that leads there.
        var secret = Directory.CreateDirectory(Path.Combine(study.Root, "secret")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secret, "report.html"), "SECRET");
        var link = Path.Combine(study.Runs, "linked");
        if (!Directory.Exists(link))
        {
            Directory.CreateSymbolicLink(link, secret);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_service.Addresses[0], path));
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
        Assert.DoesNotContain("SECRET", body, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task TheTokenFile_IsMode0600_HoldsTheToken_AndIsRemovedAtStop()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_service.TokenFile));
        Assert.Equal(_service.Token, (await File.ReadAllTextAsync(_service.TokenFile)).Trim());
        Assert.Equal(43, _service.Token.Length);
        Assert.Equal("#token=" + _service.Token, _service.PageUrl.Fragment);

        await _service.StopAsync();
        Assert.False(File.Exists(_service.TokenFile));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void AnExistingTokenFile_OfAWiderMode_IsNarrowedBeforeTheTokenIsWritten()
    {
        var path = Path.Combine(study.Root, $"wide-{Guid.NewGuid():N}.token");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);

        AccessToken.WriteFile(path, "fresh");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("fresh\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task Logs_HoldMethodRouteStatusAndDuration_NeverFileNamesQueriesOrPixels()
    {
        var form = new MultipartFormDataContent { { Raw(study.Png), "file", "DOE_JOHN_19450101.png" } };
        Assert.Equal(HttpStatusCode.OK, (await Post(form, "?model=seed-cnn&patient=DOE_JOHN")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(Raw([.. new byte[128], .. "DICM"u8, .. Enumerable.Repeat((byte)0xFF, 200)]), "?model=seed-cnn&mrn=123456789")).Status);
        await _client.GetAsync(new Uri("/runs/phantom-study/report.html?study=DOE_JOHN", UriKind.Relative));

        // A request's log line is written after its answer has gone out, so wait for the three.
        string[] expected = ["POST /api/predict 200", "POST /api/predict 400", "GET /runs/{id}/report.html 200"];
        for (var wait = 0; wait < 100 && !expected.All(e => _logs.Lines.Any(l => l.Contains(e, StringComparison.Ordinal))); wait++)
        {
            await Task.Delay(50);
        }

        var lines = _logs.Lines.ToArray();
        Assert.All(expected, e => Assert.Contains(lines, l => l.Contains(e, StringComparison.Ordinal)));
        Assert.All(lines, l =>
        {
            Assert.DoesNotContain("DOE", l, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("123456789", l, StringComparison.Ordinal);
            Assert.DoesNotContain("phantom-study", l, StringComparison.Ordinal);
            Assert.DoesNotContain("?", l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task WhenThePredictionQueueIsFull_RequestsGet503_AndTheOthersAreServed()
    {
        await using var busy = ServiceHost.Build(new ServeOptions
        {
            ModelsFolder = study.Models,
            Urls = ["http://127.0.0.1:0"],
            TokenFile = Path.Combine(study.Root, $"busy-{Guid.NewGuid():N}.token"),
            MaxConcurrentPredictions = 1,
            PredictionQueue = 0,
        }, logging => logging.ClearProviders());
        await busy.StartAsync();
        using var client = new HttpClient { BaseAddress = busy.Addresses[0] };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", busy.Token);

        var answers = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => client.PostAsync(new Uri("/api/predict", UriKind.Relative), Raw(study.Png))));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.ServiceUnavailable && a.Headers.RetryAfter is not null);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, a.StatusCode.ToString()));
        await busy.StopAsync();
    }

    [Fact]
    public async Task LoadBenchmark_SmallRun_HasNoErrorsOnValidRequests_AndRefusesEveryMalformedOne()
    {
        var result = await LoadBenchmark.RunAsync(_service.Addresses[0], _service.Token, "seed-cnn", study.Png,
            new LoadBenchmarkOptions { Requests = 200, Concurrency = 16, MalformedShare = 0.1, WarmUp = 10, Seed = 1 });

        Assert.Equal(200, result.Valid + result.Malformed);
        Assert.InRange(result.Malformed, 5, 40);
        Assert.Equal(0, result.ValidErrors);
        Assert.Equal(0, result.MalformedOther);
        Assert.True(result.P50Ms > 0 && result.P99Ms >= result.P50Ms);
    }
}
