using System.Net;
using System.Text;
using MedVision.Data.DicomWeb;

namespace MedVision.Data.Tests.DicomWeb;

/// <summary>The client against canned answers: DICOM JSON parsing, multipart retrieval, and typed errors that name the request.</summary>
public sealed class DicomWebClientTests
{
    private sealed class Canned(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(answer(request));
        }
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, byte[] body, string type)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        return new HttpResponseMessage(status) { Content = content };
    }

    private const string Studies = """
        [{"0020000D": {"vr": "UI", "Value": ["1.2.3"]}, "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Doe^Ann"}]},
          "00201208": {"vr": "IS", "Value": [4]}, "00080061": {"vr": "CS", "Value": ["MG", "SR"]}, "00081030": {"vr": "LO"}}]
        """;

    [Fact]
    public async Task Search_SendsTheQuery_AndReadsDicomJson()
    {
        using var handler = new Canned(_ => Answer(HttpStatusCode.OK, Encoding.UTF8.GetBytes(Studies), "application/dicom+json"));
        using var client = new DicomWebClient(new Uri("http://pacs.test/dicom-web/"), handler: handler);

        var found = await client.SearchStudiesAsync([new("PatientID", "P 1*"), new("StudyDate", "20250101-20251231")]);

        Assert.Equal("http://pacs.test/dicom-web/studies?PatientID=P%201*&StudyDate=20250101-20251231", handler.Requests[0].RequestUri!.AbsoluteUri);
        Assert.Equal("application/dicom+json", handler.Requests[0].Headers.Accept.Single().MediaType);
        var study = Assert.Single(found);
        Assert.Equal("1.2.3", study.GetString("StudyInstanceUID"));
        Assert.Equal("Doe^Ann", study.GetString("PatientName"));
        Assert.Equal(4, study.GetNumber("NumberOfStudyRelatedInstances"));
        Assert.Equal(["MG", "SR"], study.GetStrings("ModalitiesInStudy"));
        Assert.Null(study.GetString("StudyDescription"));
        Assert.Null(study.GetString("AccessionNumber"));
    }

    [Fact]
    public async Task Retrieve_SplitsTheMultipartAnswer_IntoInstances()
    {
        byte[][] instances = [[1, 2, 3], [4, 5]];
        var body = MultipartRelated.Build(instances.Select(b => new MultipartPart("application/dicom", b)), "xyz");
        using var handler = new Canned(_ => Answer(HttpStatusCode.OK, body, MultipartRelated.ContentType("xyz")));
        using var client = new DicomWebClient(new Uri("http://pacs.test/dicom-web"), handler: handler);

        var got = await client.RetrieveStudyAsync("1.2.3");

        Assert.Equal(instances, got);
        Assert.Equal("http://pacs.test/dicom-web/studies/1.2.3", handler.Requests[0].RequestUri!.AbsoluteUri);
        Assert.Contains("type=\"application/dicom\"", handler.Requests[0].Headers.GetValues("Accept").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_AreDicomWebErrors_NamingTheRequest()
    {
        using var missing = new Canned(_ => Answer(HttpStatusCode.NotFound, "Unknown study"u8.ToArray(), "text/plain"));
        using var client = new DicomWebClient(new Uri("http://pacs.test/dicom-web"), handler: missing);
        var e = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveStudyAsync("1.2.3"));
        Assert.Equal("GET http://pacs.test/dicom-web/studies/1.2.3: HTTP 404 Not Found: Unknown study", e.Message);
        Assert.Equal(HttpStatusCode.NotFound, e.Status);

        using var big = new Canned(_ => Answer(HttpStatusCode.OK, new byte[5000], MultipartRelated.ContentType("xyz")));
        using var small = new DicomWebClient(new Uri("http://pacs.test/dicom-web"), new DicomWebOptions { MaxResponseBytes = 4096 }, big);
        Assert.Contains("exceeds the limit of 4096 bytes", (await Assert.ThrowsAsync<DicomWebException>(() => small.RetrieveStudyAsync("1.2.3"))).Message, StringComparison.Ordinal);

        using var json = new Canned(_ => Answer(HttpStatusCode.OK, "{}"u8.ToArray(), "application/dicom+json"));
        using var notMultipart = new DicomWebClient(new Uri("http://pacs.test/dicom-web"), handler: json);
        var malformed = await Assert.ThrowsAsync<DicomWebException>(() => notMultipart.RetrieveStudyAsync("1.2.3"));
        Assert.StartsWith("GET http://pacs.test/dicom-web/studies/1.2.3: malformed WADO-RS answer", malformed.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => notMultipart.RetrieveStudyAsync("../etc").GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Store_PostsOneMultipartRequest_AndReportsRefusals()
    {
        const string answer = """
            {"00081199": {"vr": "SQ", "Value": [{"00081155": {"vr": "UI", "Value": ["1.2.3.1"]}}]},
             "00081198": {"vr": "SQ", "Value": [{"00081155": {"vr": "UI", "Value": ["1.2.3.2"]}, "00081197": {"vr": "US", "Value": [43264]}}]}}
            """;
        byte[]? sent = null;
        string? type = null;
        using var handler = new Canned(r =>
        {
            sent = r.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            type = r.Content.Headers.ContentType!.ToString();
            return Answer(HttpStatusCode.Accepted, Encoding.UTF8.GetBytes(answer), "application/dicom+json");
        });
        using var client = new DicomWebClient(new Uri("http://pacs.test/dicom-web"), handler: handler);

        var result = await client.StoreAsync([[1, 2], [3]]);

        Assert.Equal(HttpMethod.Post, handler.Requests[0].Method);
        Assert.Equal("http://pacs.test/dicom-web/studies", handler.Requests[0].RequestUri!.AbsoluteUri);
        Assert.Equal([[1, 2], [3]], MultipartRelated.Parse(sent, type, 10).Select(p => p.Body.ToArray()));
        Assert.Equal(["1.2.3.1"], result.Stored);
        Assert.Equal([("1.2.3.2", 0xA900)], result.Failed);
    }
}
