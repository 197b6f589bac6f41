using System.CommandLine;
using System.Text;
using MedVision.Data.DicomWeb;
using MedVision.Pipeline.Bundles;
using MedVision.Pipeline.Pacs;
using MedVision.Reports.Tables;

namespace MedVision.Cli.Verbs;

/// <summary>
/// <c>medvision pacs query|classify</c>: works against a DICOMweb server (PS3.18; e.g. Orthanc's
/// <c>http://host:8042/dicom-web</c>). <c>query</c> prints the studies a QIDO-RS search finds as CSV.
/// <c>classify --study UID…</c> retrieves each study (WADO-RS), scores its single-frame images with a two-class bundle
/// and prints (or writes to <c>--out</c>) one CSV row per image; <c>--store</c> sends a secondary capture (Grad-CAM
/// overlay or grey image) and a Comprehensive SR per image back with STOW-RS. <c>classify --query "K=V&amp;…" --out CSV</c>
/// classifies every study of a search as a resumable batch (<see cref="StudyBatch"/>: a rerun skips studies done).
/// </summary>
internal static class PacsVerb
{
    public static Command Create(CliContext context)
    {
        var command = new Command("pacs", "Query a DICOMweb server (QIDO-RS) and classify its studies (WADO-RS in, STOW-RS results back)");
        command.Subcommands.Add(Query(context));
        command.Subcommands.Add(Classify(context));
        return command;
    }

    private static Option<string> Url() => new("--url") { Description = "DICOMweb service root, e.g. http://localhost:8042/dicom-web", Required = true };

    private static Command Query(CliContext context)
    {
        var url = Url();
        var patient = new Option<string?>("--patient") { Description = "PatientID to match (QIDO wildcards * and ? allowed)" };
        var modality = new Option<string?>("--modality") { Description = "A modality the study holds (ModalitiesInStudy), e.g. MG" };
        var date = new Option<string?>("--date") { Description = "StudyDate: YYYYMMDD or a range YYYYMMDD-YYYYMMDD" };
        var command = new Command("query", "List studies (QIDO-RS): CSV of study_uid, patient_id, study_date, modalities, description, series, instances") { url, patient, modality, date };
        command.SetAction(parse =>
        {
            var query = new List<KeyValuePair<string, string>>();
            Add(query, "PatientID", parse.GetValue(patient));
            Add(query, "ModalitiesInStudy", parse.GetValue(modality));
            Add(query, "StudyDate", parse.GetValue(date));
            query.Add(new("includefield", "StudyDescription"));
            using var client = Client(parse.GetValue(url)!);
            var studies = client.SearchStudiesAsync(query).GetAwaiter().GetResult();
            var csv = new StringBuilder("study_uid,patient_id,study_date,modalities,description,series,instances\n");
            foreach (var s in studies)
            {
                csv.AppendJoin(',', [.. new[]
                {
                    s.GetString("StudyInstanceUID"), s.GetString("PatientID"), s.GetString("StudyDate"), string.Join('\\', s.GetStrings("ModalitiesInStudy")),
                    s.GetString("StudyDescription"), s.GetString("NumberOfStudyRelatedSeries"), s.GetString("NumberOfStudyRelatedInstances"),
                }.Select(v => TableWriter.CsvCell(v ?? string.Empty))]).Append('\n');
            }

            context.StdOut.Write(csv.ToString());
            context.StdErr.WriteLine($"{studies.Count} stud{(studies.Count == 1 ? "y" : "ies")} at {client.Root}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Classify(CliContext context)
    {
        var url = Url();
        var studies = new Option<string[]>("--study") { Description = "Study Instance UID to classify (repeatable)", AllowMultipleArgumentsPerToken = true };
        var query = new Option<string?>("--query") { Description = "QIDO-RS search whose studies to classify, e.g. \"PatientID=P1&Modality=MG\" (Modality means ModalitiesInStudy); needs --out" };
        var model = new Option<string>("--model") { Description = "Two-class model bundle folder", Required = true };
        var output = new Option<string?>("--out") { Description = "Results CSV; with --query also the batch's state (CSV.queue beside it)" };
        var store = new Option<bool>("--store") { Description = "Store a secondary capture and a Comprehensive SR per image back with STOW-RS" };
        var command = new Command("classify", "Classify the images of studies with a model bundle; CSV of results, optionally stored back as SC + SR") { url, studies, query, model, output, store };
        command.SetAction(async (parse, cancel) =>
        {
            var uids = parse.GetValue(studies) ?? [];
            var search = parse.GetValue(query);
            var csvPath = parse.GetValue(output);
            if ((uids.Length > 0) == (search is not null))
            {
                throw new UsageException("give either --study UID (one or more) or --query \"KEY=VALUE&...\"");
            }

            if (search is not null && csvPath is null)
            {
                throw new UsageException("--query needs --out results.csv (the batch keeps its state beside it, so it can resume)");
            }

            foreach (var uid in uids.Where(u => !Imaging.Io.Dicom.DicomUid.IsValid(u)))
            {
                throw new UsageException($"--study must be a Study Instance UID (digits and dots), got '{uid}'");
            }

            var bundlePath = parse.GetValue(model)!;
            var bundle = ModelBundle.Load(bundlePath);
            if (bundle.IsMulticlass)
            {
                throw new UsageException($"--model '{bundle.Manifest.Name}' tells {bundle.Manifest.ClassNames.Count} classes apart; pacs classify writes results of two-class models");
            }

            var key = PacsClassifier.ModelKey(bundlePath);
            var classifier = new PacsClassifier(bundle, key);
            var storeBack = parse.GetValue(store);
            using var client = Client(parse.GetValue(url)!);

            async Task<IReadOnlyList<PacsResult>> One(string uid, CancellationToken token)
            {
                var done = await classifier.ClassifyStudyAsync(client, uid, storeBack, token).ConfigureAwait(false);
                foreach (var reason in done.Skipped)
                {
                    context.StdErr.WriteLine($"skipped {reason}");
                }

                if (storeBack)
                {
                    context.StdErr.WriteLine($"stored {done.Stored} instance(s) of study {uid}");
                }

                return done.Results;
            }

            if (search is not null)
            {
                var pairs = ParseQuery(search);
                var batch = new StudyBatch(csvPath!, search, key);
                var summary = await batch.RunAsync(
                    async token => [.. (await client.SearchStudiesAsync(pairs, token).ConfigureAwait(false)).Select(s => s.GetString("StudyInstanceUID")).OfType<string>()],
                    One,
                    context.StdErr.WriteLine,
                    cancel).ConfigureAwait(false);
                context.StdErr.WriteLine($"{summary.Planned} studies: {summary.AlreadyDone} done before, {summary.Classified} classified now ({summary.Rows} images); results in {csvPath}");
                return ExitCodes.Success;
            }

            var csv = new StringBuilder(PacsResult.CsvHeader + "\n");
            var images = 0;
            foreach (var uid in uids)
            {
                foreach (var r in await One(uid, cancel).ConfigureAwait(false))
                {
                    csv.Append(r.CsvRow()).Append('\n');
                    images++;
                }
            }

            if (csvPath is not null)
            {
                await File.WriteAllTextAsync(csvPath, csv.ToString(), new UTF8Encoding(false), cancel).ConfigureAwait(false);
                context.StdErr.WriteLine($"wrote {images} result(s) of {uids.Length} stud{(uids.Length == 1 ? "y" : "ies")} to {csvPath}");
            }
            else
            {
                context.StdOut.Write(csv.ToString());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>"K=V&amp;K2=V2" (values URL-decoded) as QIDO-RS study-level pairs; Modality becomes ModalitiesInStudy.</summary>
    internal static List<KeyValuePair<string, string>> ParseQuery(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--query parts are KEY=VALUE separated by '&', got '{part}'");
            }

            var keyName = Uri.UnescapeDataString(part[..eq]);
            pairs.Add(new(keyName == "Modality" ? "ModalitiesInStudy" : keyName, Uri.UnescapeDataString(part[(eq + 1)..])));
        }

        return pairs.Count > 0 ? pairs : throw new UsageException("--query is empty; give at least one KEY=VALUE");
    }

    private static void Add(List<KeyValuePair<string, string>> query, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            query.Add(new(key, value));
        }
    }

    private static DicomWebClient Client(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var root) && root.Scheme is "http" or "https"
            ? new DicomWebClient(root)
            : throw new UsageException($"--url must be an absolute http(s) URL of a DICOMweb root, got '{url}'");
}
