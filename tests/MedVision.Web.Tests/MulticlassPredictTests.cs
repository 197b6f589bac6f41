using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MedVision.Imaging;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Classifier;

namespace MedVision.Web.Tests;

/// <summary><c>POST /api/predict</c> with a three-class bundle: the most probable class, every probability and the temperature-scaled ones.</summary>
public sealed class MulticlassPredictTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mv-web-k-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Dark, mid-grey and bright 24×24 images with noise: three classes a stats pipeline tells apart.</summary>
    private static List<(Image Image, string Label)> Data()
    {
        var random = new Random(4);
        return [.. new[] { ("dark", 30f), ("grey", 120f), ("bright", 210f) }.SelectMany(c => Enumerable.Range(0, 12).Select(_ =>
            (new Image(1, 24, 24, [.. Enumerable.Range(0, 576).Select(_ => c.Item2 + random.Next(40))]), c.Item1)))];
    }

    [Fact]
    public async Task Predict_ThreeClassBundle_GivesEveryClassAndItsCalibratedProbability()
    {
        var data = Data();
        var bundle = ImageClassifier.Fit(data, "stats-lr");
        bundle.Save(Path.Combine(_root, "models", "stats-lr"));
        await using var service = ServiceHost.Build(new ServeOptions
        {
            ModelsFolder = Path.Combine(_root, "models"),
            Urls = ["http://127.0.0.1:0"],
            TokenFile = Path.Combine(_root, "serve.token"),
        });
        await service.StartAsync();
        using var client = new HttpClient { BaseAddress = service.Addresses[0] };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service.Token);

        var image = data[^1].Image;
        var png = PngWriter.Encode(image, new PngWriteOptions());
        using var content = new ByteArrayContent(png) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
        var response = await client.PostAsync(new Uri("/api/predict?model=stats-lr", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var decoded = PngReader.Decode(png, "png", ReadOptions.Default);
        var expected = bundle.PredictProba([decoded]);
        var calibrated = bundle.Calibrated(expected);
        Assert.Equal(bundle.Label(expected), (string?)body["label"]);
        Assert.Null(body["probability"]);
        Assert.Null(body["threshold"]);
        for (var c = 0; c < 3; c++)
        {
            var name = bundle.Manifest.ClassNames[c];
            Assert.Equal(expected[c], (double)body["probabilities"]![name]!, 12);
            Assert.Equal(calibrated[c], (double)body["calibrated_probabilities"]![name]!, 12);
        }

        Assert.NotNull(bundle.Manifest.Temperature);
        await service.StopAsync();
    }
}
