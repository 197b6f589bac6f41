using System.Text;
using System.Text.Json;
using MedVision.Data.DicomWeb;
using MedVision.Imaging;
using MedVision.Imaging.Io.Dicom;
using MedVision.Pipeline.Pacs;
using Microsoft.AspNetCore.Http.Features;

namespace MedVision.Web.DicomWeb;

/// <summary>
/// A STOW-RS receiver (PS3.18 §10.5) so that a PACS (e.g. Orthanc's DICOMweb "servers" forwarding) can push new
/// studies: <c>POST {Root}/studies[/{study}]</c> with a multipart/related; type="application/dicom" body. Each
/// instance is parsed, checked (UIDs, the study of the route), stored in the inbox and, with a classifier,
/// classified. The answer is the DICOM JSON Store Instances Response: ReferencedSOPSequence and FailedSOPSequence
/// with 200 (all stored), 202 (some failed) or 409 (none stored); 415 for another content type, 413 beyond
/// <see cref="StowOptions.MaxRequestBytes"/>, 400 for a malformed multipart body.
/// </summary>
public static class StowRsEndpoints
{
    /// <summary>Failure Reason 0xC000: cannot understand (PS3.4 Annex GG, PS3.18 Table 10.5.3-2).</summary>
    public const int CannotUnderstand = 0xC000;

    /// <summary>Failure Reason 0xA900: the data set does not match the SOP class or the study of the request.</summary>
    public const int DoesNotMatch = 0xA900;

    /// <summary>Maps the receiver's two routes.</summary>
    public static IEndpointRouteBuilder MapStowRs(this IEndpointRouteBuilder endpoints, StowOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Inbox);
        Directory.CreateDirectory(options.Inbox);
        var receiver = new StowReceiver(options);
        var root = "/" + options.Root.Trim('/');
        endpoints.MapPost(root + "/studies", (HttpContext context) => receiver.HandleAsync(context, null));
        endpoints.MapPost(root + "/studies/{study}", (HttpContext context, string study) => receiver.HandleAsync(context, study));
        return endpoints;
    }

    private sealed class StowReceiver(StowOptions options)
    {
        // One model, one results file: classifications run one at a time (Grad-CAM uses the network's gradients).
        private readonly Lock _classify = new();

        public async Task HandleAsync(HttpContext context, string? study)
        {
            var cancel = context.RequestAborted;
            if (study is not null && !DicomUid.IsValid(study))
            {
                await Problem(context, 400, $"'{study}' is not a Study Instance UID").ConfigureAwait(false);
                return;
            }

            IReadOnlyList<MultipartPart> parts;
            try
            {
                var type = context.Request.ContentType;
                _ = MultipartRelated.Boundary(type);
                if (!type!.Contains("application/dicom", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException($"expected multipart/related; type=\"application/dicom\", got '{type}'");
                }

                var body = await ReadBodyAsync(context, cancel).ConfigureAwait(false);
                if (body is null)
                {
                    await Problem(context, 413, $"the request is larger than {options.MaxRequestBytes} bytes (StowOptions.MaxRequestBytes)").ConfigureAwait(false);
                    return;
                }

                parts = MultipartRelated.Parse(body, type, options.MaxParts);
            }
            catch (InvalidDataException e)
            {
                var unsupported = context.Request.ContentType is not { } t || !t.StartsWith("multipart/related", StringComparison.OrdinalIgnoreCase) || !t.Contains("application/dicom", StringComparison.OrdinalIgnoreCase);
                await Problem(context, unsupported ? 415 : 400, e.Message).ConfigureAwait(false);
                return;
            }

            var stored = new List<(string SopClass, string Uid)>();
            var failed = new List<(string SopClass, string Uid, int Reason)>();
            for (var i = 0; i < parts.Count; i++)
            {
                var (outcome, reason) = Store(parts[i], i + 1, study);
                if (reason is null)
                {
                    stored.Add(outcome);
                }
                else
                {
                    failed.Add((outcome.SopClass, outcome.Uid, reason.Value));
                }
            }

            context.Response.StatusCode = failed.Count == 0 ? 200 : stored.Count == 0 ? 409 : 202;
            context.Response.ContentType = "application/dicom+json";
            await context.Response.Body.WriteAsync(Answer(stored, failed), cancel).ConfigureAwait(false);
        }

        /// <summary>The body, or null when it is over the limit.</summary>
        private async Task<byte[]?> ReadBodyAsync(HttpContext context, CancellationToken cancel)
        {
            if (context.Request.ContentLength > options.MaxRequestBytes)
            {
                return null;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = options.MaxRequestBytes;
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > options.MaxRequestBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }

        private ((string SopClass, string Uid) Instance, int? Reason) Store(MultipartPart part, int index, string? study)
        {
            DicomFile file;
            try
            {
                file = DicomFile.Parse(part.Body.Span, $"STOW-RS part {index}");
            }
            catch (ImageFormatException)
            {
                return ((string.Empty, string.Empty), CannotUnderstand);
            }

            var ds = file.Dataset;
            var sopClass = ds.GetString("SOPClassUID") ?? string.Empty;
            var uid = ds.GetString("SOPInstanceUID") ?? string.Empty;
            var studyUid = ds.GetString("StudyInstanceUID");
            if (!DicomUid.IsValid(sopClass) || !DicomUid.IsValid(uid) || !DicomUid.IsValid(studyUid))
            {
                return ((sopClass, uid), CannotUnderstand);
            }

            if (study is not null && studyUid != study)
            {
                return ((sopClass, uid), DoesNotMatch);
            }

            // UIDs are digits and dots only, so they are safe as file and folder names.
            var folder = Directory.CreateDirectory(Path.Combine(options.Inbox, studyUid!)).FullName;
            WriteAtomic(Path.Combine(folder, uid + ".dcm"), part.Body.Span);
            if (options.Classifier is { } classifier && PacsClassifier.SkipReason(file) is null)
            {
                try
                {
                    lock (_classify)
                    {
                        var result = classifier.Classify(file);
                        var results = Directory.CreateDirectory(Path.Combine(folder, "medvision")).FullName;
                        WriteAtomic(Path.Combine(results, result.Result.OverlayUid + ".dcm"), result.SecondaryCapture);
                        WriteAtomic(Path.Combine(results, result.Result.ReportUid + ".dcm"), result.StructuredReport);
                        var csv = Path.Combine(options.Inbox, "results.csv");
                        File.AppendAllText(csv, (File.Exists(csv) ? string.Empty : PacsResult.CsvHeader + "\n") + result.Result.CsvRow() + "\n", new UTF8Encoding(false));
                    }
                }
                catch (ImageFormatException)
                {
                    // Stored, but its pixels cannot be decoded here: kept in the inbox without a result.
                }
            }

            return ((sopClass, uid), null);
        }

        private static void WriteAtomic(string path, ReadOnlySpan<byte> bytes)
        {
            var temp = path + ".part";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }

        private static byte[] Answer(List<(string SopClass, string Uid)> stored, List<(string SopClass, string Uid, int Reason)> failed)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                Sequence(json, "00081199", stored.Select(s => (s.SopClass, s.Uid, (int?)null)));
                if (failed.Count > 0)
                {
                    Sequence(json, "00081198", failed.Select(f => (f.SopClass, f.Uid, (int?)f.Reason)));
                }

                json.WriteEndObject();
            }

            return buffer.ToArray();
        }

        private static void Sequence(Utf8JsonWriter json, string tag, IEnumerable<(string SopClass, string Uid, int? Reason)> items)
        {
            json.WriteStartObject(tag);
            json.WriteString("vr", "SQ");
            json.WriteStartArray("Value");
            foreach (var (sopClass, uid, reason) in items)
            {
                json.WriteStartObject();
                Attribute(json, "00081150", "UI", sopClass);
                Attribute(json, "00081155", "UI", uid);
                if (reason is { } r)
                {
                    json.WriteStartObject("00081197");
                    json.WriteString("vr", "US");
                    json.WriteStartArray("Value");
                    json.WriteNumberValue(r);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void Attribute(Utf8JsonWriter json, string tag, string vr, string value)
        {
            json.WriteStartObject(tag);
            json.WriteString("vr", vr);
            if (value.Length > 0)
            {
                json.WriteStartArray("Value");
                json.WriteStringValue(value);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        private static async Task Problem(HttpContext context, int status, string message)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
