using System.Globalization;
using System.Text;

namespace MedVision.Pipeline.Pacs;

/// <summary>
/// A resumable batch over studies whose results go to one CSV file, with its state in <c>CSV.queue</c> beside it.
/// The first run lists the studies (a QIDO-RS search) and writes that plan atomically; then each study is
/// classified, its rows are appended to the CSV and flushed to disk, and only then is <c>done UID LENGTH</c>
/// (the CSV's length after its rows) appended to the state and flushed. A rerun after a crash or kill reuses the
/// plan, cuts the CSV back to the length of the last study marked done (dropping the rows of a study that was cut
/// short) and skips done studies, so every study's rows appear exactly once. The state pins the query and the model
/// key: a rerun with either changed is an error rather than a mixed CSV.
/// </summary>
public sealed class StudyBatch
{
    private const string Magic = "medvision-pacs-queue 1";
    private readonly string _csv;
    private readonly string _query;
    private readonly string _modelKey;

    /// <summary>A queue writing <paramref name="csvPath"/> for the studies of <paramref name="query"/> with the model of <paramref name="modelKey"/>.</summary>
    public StudyBatch(string csvPath, string query, string modelKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        _csv = Path.GetFullPath(csvPath);
        _query = query.ReplaceLineEndings(" ");
        _modelKey = modelKey;
    }

    /// <summary>The state file of a results CSV.</summary>
    public static string StatePath(string csvPath) => csvPath + ".queue";

    /// <summary>What a run did: studies in the plan, done before this run, classified by it, and rows it appended.</summary>
    public sealed record Summary(int Planned, int AlreadyDone, int Classified, int Rows);

    /// <summary>
    /// Runs the queue: <paramref name="listStudies"/> is called only when there is no plan yet; <paramref name="classify"/>
    /// once per study not yet done. Cancelling stops between (or inside) studies; what was marked done stays done.
    /// </summary>
    public async Task<Summary> RunAsync(
        Func<CancellationToken, Task<IReadOnlyList<string>>> listStudies,
        Func<string, CancellationToken, Task<IReadOnlyList<PacsResult>>> classify,
        Action<string>? progress = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(listStudies);
        ArgumentNullException.ThrowIfNull(classify);
        var state = StatePath(_csv);
        var (plan, done, length) = File.Exists(state) ? Load(state) : (null, new Dictionary<string, long>(StringComparer.Ordinal), -1L);
        if (plan is null)
        {
            plan = [.. (await listStudies(cancel).ConfigureAwait(false)).Distinct(StringComparer.Ordinal)];
            var text = new StringBuilder($"{Magic}\nquery {_query}\nmodel {_modelKey}\n");
            foreach (var uid in plan)
            {
                text.Append("study ").Append(uid).Append('\n');
            }

            text.Append(CultureInfo.InvariantCulture, $"planned {plan.Count}\n");
            var temp = state + ".tmp";
            File.WriteAllText(temp, text.ToString(), new UTF8Encoding(false));
            File.Move(temp, state, overwrite: true);
        }

        var header = Encoding.UTF8.GetBytes(PacsResult.CsvHeader + "\n");
        var already = done.Count;
        var rows = 0;
        var classified = 0;
        await using var csv = new FileStream(_csv, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        await using var log = new FileStream(state, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (length < 0)
        {
            csv.SetLength(0);
            await csv.WriteAsync(header, cancel).ConfigureAwait(false);
            csv.Flush(flushToDisk: true);
        }
        else if (csv.Length < length)
        {
            throw new InvalidDataException($"{_csv} holds {csv.Length} bytes but {state} recorded {length} after the last study done; the CSV was changed, so delete both to start over");
        }
        else
        {
            csv.SetLength(length); // drop rows of a study that was cut short
        }

        csv.Seek(0, SeekOrigin.End);
        foreach (var uid in plan)
        {
            if (done.ContainsKey(uid))
            {
                continue;
            }

            cancel.ThrowIfCancellationRequested();
            var results = await classify(uid, cancel).ConfigureAwait(false);
            var text = new StringBuilder();
            foreach (var r in results)
            {
                text.Append(r.CsvRow()).Append('\n');
            }

            await csv.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancel).ConfigureAwait(false);
            csv.Flush(flushToDisk: true);
            // Marked done only once its rows are on disk.
            await log.WriteAsync(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"done {uid} {csv.Length}\n")), CancellationToken.None).ConfigureAwait(false);
            log.Flush(flushToDisk: true);
            done[uid] = csv.Length;
            rows += results.Count;
            classified++;
            progress?.Invoke($"study {already + classified}/{plan.Count} {uid}: {results.Count} image(s)");
        }

        return new Summary(plan.Count, already, classified, rows);
    }

    /// <summary>The plan, the studies done (with the CSV length after each) and the CSV length after the last; -1 when none is done.</summary>
    private (List<string>? Plan, Dictionary<string, long> Done, long Length) Load(string state)
    {
        var text = File.ReadAllText(state);
        if (!text.EndsWith('\n'))
        {
            // A line cut short by a kill while it was written: that study was not marked done.
            text = text[..(text.LastIndexOf('\n') + 1)];
            File.WriteAllText(state, text, new UTF8Encoding(false));
        }

        var lines = text.Split('\n')[..^1];
        Exception Bad(string why) => new InvalidDataException($"{state}: {why}; delete it and {_csv} to start over");
        if (lines.Length < 3 || lines[0] != Magic)
        {
            throw Bad($"not a MedVision queue state file (first line '{lines.FirstOrDefault()}')");
        }

        if (lines[1] != "query " + _query)
        {
            throw new ArgumentException($"{state} belongs to another query ('{lines[1][Math.Min(6, lines[1].Length)..]}', now '{_query}'); use another --out or delete it");
        }

        if (lines[2] != "model " + _modelKey)
        {
            throw new ArgumentException($"{state} was made with another model (key {lines[2][Math.Min(6, lines[2].Length)..]}, now {_modelKey}); use another --out or delete it");
        }

        var plan = new List<string>();
        var done = new Dictionary<string, long>(StringComparer.Ordinal);
        var planned = false;
        long length = -1;
        // The first run starts the CSV with its header, so a plan without studies done still has a CSV to keep.
        var headerLength = Encoding.UTF8.GetByteCount(PacsResult.CsvHeader + "\n");
        foreach (var line in lines.Skip(3))
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "study" when parts.Length == 2 && !planned:
                    plan.Add(parts[1]);
                    break;
                case "planned" when parts.Length == 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) && n == plan.Count:
                    planned = true;
                    length = headerLength;
                    break;
                case "done" when parts.Length == 3 && planned && plan.Contains(parts[1]) && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var l) && l >= length:
                    done[parts[1]] = l;
                    length = l;
                    break;
                case "" when line.Length == 0:
                    break;
                default:
                    throw Bad($"unexpected line '{line}'");
            }
        }

        return planned ? (plan, done, length) : throw Bad("the plan is incomplete");
    }
}
