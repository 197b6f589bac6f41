using System.Net.Http.Headers;
using System.Text;

namespace MedVision.Data.DicomWeb;

/// <summary>
/// A DICOMweb client (PS3.18) over one service root such as <c>http://pacs:8042/dicom-web</c>:
/// QIDO-RS searches (<c>GET {root}/studies?…</c>, answers in application/dicom+json), WADO-RS retrieval of a
/// study, series or instance (multipart/related; type="application/dicom"), and STOW-RS storage
/// (<c>POST {root}/studies</c>). Answers are read under <see cref="DicomWebOptions"/>' limits; every failure is a
/// <see cref="DicomWebException"/> naming the request.
/// </summary>
public sealed class DicomWebClient : IDisposable
{
    private const string DicomJson = "application/dicom+json";
    private readonly HttpClient _http;
    private readonly DicomWebOptions _options;

    /// <summary>A client of the service at <paramref name="root"/>; <paramref name="handler"/> replaces the default HTTP handler (tests, proxies).</summary>
    public DicomWebClient(Uri root, DicomWebOptions? options = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.IsAbsoluteUri || root.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"the DICOMweb root must be an absolute http(s) URL, got '{root}'", nameof(root));
        }

        Root = root.AbsoluteUri.TrimEnd('/');
        _options = options ?? new DicomWebOptions();
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = _options.Timeout;
    }

    /// <summary>The service root, without a trailing slash.</summary>
    public string Root { get; }

    /// <summary>QIDO-RS study search: <c>GET {root}/studies?key=value&amp;…</c> (keys are keywords such as PatientID or ModalitiesInStudy, or tags).</summary>
    public Task<IReadOnlyList<DicomJsonDataset>> SearchStudiesAsync(IEnumerable<KeyValuePair<string, string>> query, CancellationToken cancel = default) =>
        SearchAsync("/studies", query, cancel);

    /// <summary>QIDO-RS instance search within a study: <c>GET {root}/studies/{uid}/instances?…</c>.</summary>
    public Task<IReadOnlyList<DicomJsonDataset>> SearchInstancesAsync(string studyUid, IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancel = default) =>
        SearchAsync($"/studies/{Segment(studyUid)}/instances", query ?? [], cancel);

    /// <summary>QIDO-RS series search within a study: <c>GET {root}/studies/{uid}/series?…</c>.</summary>
    public Task<IReadOnlyList<DicomJsonDataset>> SearchSeriesAsync(string studyUid, IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancel = default) =>
        SearchAsync($"/studies/{Segment(studyUid)}/series", query ?? [], cancel);

    /// <summary>WADO-RS: every instance of a study, as PS3.10 file bytes.</summary>
    public Task<IReadOnlyList<byte[]>> RetrieveStudyAsync(string studyUid, CancellationToken cancel = default) =>
        RetrieveAsync($"/studies/{Segment(studyUid)}", cancel);

    /// <summary>WADO-RS: every instance of a series.</summary>
    public Task<IReadOnlyList<byte[]>> RetrieveSeriesAsync(string studyUid, string seriesUid, CancellationToken cancel = default) =>
        RetrieveAsync($"/studies/{Segment(studyUid)}/series/{Segment(seriesUid)}", cancel);

    /// <summary>WADO-RS: one instance.</summary>
    public async Task<byte[]> RetrieveInstanceAsync(string studyUid, string seriesUid, string sopInstanceUid, CancellationToken cancel = default)
    {
        var path = $"/studies/{Segment(studyUid)}/series/{Segment(seriesUid)}/instances/{Segment(sopInstanceUid)}";
        var parts = await RetrieveAsync(path, cancel).ConfigureAwait(false);
        return parts.Count == 1 ? parts[0] : throw new DicomWebException("GET " + Root + path, $"expected one instance, got {parts.Count}");
    }

    /// <summary>
    /// STOW-RS: stores PS3.10 files with one <c>POST {root}/studies</c>. Returns what the server stored and refused;
    /// an HTTP error (other than 202/409 with a DICOM JSON answer, which list refusals) is a <see cref="DicomWebException"/>.
    /// </summary>
    public async Task<StowResult> StoreAsync(IReadOnlyList<byte[]> instances, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var url = Root + "/studies";
        var where = "POST " + url;
        if (instances.Count == 0)
        {
            return new StowResult([], []);
        }

        var boundary = MultipartRelated.NewBoundary();
        using var content = new ByteArrayContent(MultipartRelated.Build(instances.Select(b => new MultipartPart("application/dicom", b)), boundary));
        content.Headers.TryAddWithoutValidation("Content-Type", MultipartRelated.ContentType(boundary));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DicomJson));
        var (status, _, body) = await SendAsync(request, where, accept: s => s is 200 or 202 or 409, cancel).ConfigureAwait(false);
        var answer = Json(body, where) is { Count: > 0 } list ? list[0] : null;
        if (answer is null)
        {
            return status == 200 ? new StowResult([], []) : throw new DicomWebException(where, $"HTTP {status} without a DICOM JSON answer");
        }

        var stored = answer.GetItems("ReferencedSOPSequence").Select(i => i.GetString("ReferencedSOPInstanceUID") ?? string.Empty).ToList();
        var failed = answer.GetItems("FailedSOPSequence")
            .Select(i => (i.GetString("ReferencedSOPInstanceUID") ?? string.Empty, (int)(i.GetNumber("FailureReason") ?? 0))).ToList();
        return new StowResult(stored, failed);
    }

    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<DicomJsonDataset>> SearchAsync(string path, IEnumerable<KeyValuePair<string, string>> query, CancellationToken cancel)
    {
        var text = string.Join('&', query.Select(p => Escape(p.Key) + "=" + Escape(p.Value)));
        var url = Root + path + (text.Length > 0 ? "?" + text : string.Empty);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DicomJson));
        var (status, _, body) = await SendAsync(request, "GET " + url, accept: s => s is 200 or 204, cancel).ConfigureAwait(false);
        return status == 204 ? [] : Json(body, "GET " + url);
    }

    private async Task<IReadOnlyList<byte[]>> RetrieveAsync(string path, CancellationToken cancel)
    {
        var url = Root + path;
        var where = "GET " + url;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        var (_, type, body) = await SendAsync(request, where, accept: s => s == 200, cancel).ConfigureAwait(false);
        try
        {
            var parts = MultipartRelated.Parse(body, type, _options.MaxParts);
            foreach (var part in parts.Where(p => p.ContentType is not null && !p.ContentType.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidDataException($"a part has Content-Type '{part.ContentType}', expected application/dicom");
            }

            return [.. parts.Select(p => p.Body.ToArray())];
        }
        catch (InvalidDataException e)
        {
            throw new DicomWebException(where, "malformed WADO-RS answer: " + e.Message, null, e);
        }
    }

    /// <summary>Sends, checks the status and reads the body under <see cref="DicomWebOptions.MaxResponseBytes"/>.</summary>
    private async Task<(int Status, string? ContentType, byte[] Body)> SendAsync(HttpRequestMessage request, string where, Func<int, bool> accept, CancellationToken cancel)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DicomWebException(where, "request failed: " + e.Message, null, e);
        }
        catch (TaskCanceledException e) when (!cancel.IsCancellationRequested)
        {
            throw new DicomWebException(where, $"no answer within {_options.Timeout.TotalSeconds:0} s", null, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.Content.Headers.ContentLength is { } declared && declared > _options.MaxResponseBytes)
            {
                throw new DicomWebException(where, $"answer of {declared} bytes exceeds the limit of {_options.MaxResponseBytes} bytes (DicomWebOptions.MaxResponseBytes)", response.StatusCode);
            }

            var body = await ReadBoundedAsync(response.Content, where, cancel).ConfigureAwait(false);
            if (!accept(status))
            {
                var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ").Trim();
                throw new DicomWebException(where, $"HTTP {status} {response.ReasonPhrase}" + (text.Length > 0 ? ": " + text : string.Empty), response.StatusCode);
            }

            return (status, response.Content.Headers.ContentType?.ToString(), body);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, string where, CancellationToken cancel)
    {
        var stream = await content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _options.MaxResponseBytes)
                {
                    throw new DicomWebException(where, $"answer exceeds the limit of {_options.MaxResponseBytes} bytes (DicomWebOptions.MaxResponseBytes)");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static IReadOnlyList<DicomJsonDataset> Json(byte[] body, string where)
    {
        try
        {
            return DicomJsonDataset.Parse(body);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            throw new DicomWebException(where, "malformed DICOM JSON answer: " + e.Message, null, e);
        }
    }

    /// <summary>
    /// Percent-encodes a query key or value but keeps QIDO's wildcards and list separator (<c>*</c>, <c>?</c>, <c>,</c>),
    /// which RFC 3986 allows in a query and which some servers (Orthanc 1.10) do not decode.
    /// </summary>
    private static string Escape(string text) => Uri.EscapeDataString(text)
        .Replace("%2A", "*", StringComparison.Ordinal).Replace("%3F", "?", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal);

    private static string Segment(string uid) =>
        Imaging.Io.Dicom.DicomUid.IsValid(uid) ? uid : throw new ArgumentException($"expected a DICOM UID (digits and dots), got '{uid}'", nameof(uid));
}
