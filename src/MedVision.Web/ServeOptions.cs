namespace MedVision.Web;

/// <summary>
/// Settings of <c>medvision serve</c>: what it serves, where it listens and how much one client may ask of it.
/// Every default keeps the service on this machine: loopback addresses only, a fresh bearer token per start.
/// </summary>
public sealed record ServeOptions
{
    /// <summary>Default address: loopback, the port of the former health service.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Folder of model bundles (each sub-folder with a <c>model.json</c> is one model); required.</summary>
    public required string ModelsFolder { get; init; }

    /// <summary>Folder of study runs (<c>runs/&lt;study&gt;/results.json</c> and <c>report.html</c>); null serves none.</summary>
    public string? RunsFolder { get; init; }

    /// <summary>Addresses to listen on (<c>http://HOST:PORT</c>; port 0 picks a free one). Default <see cref="DefaultUrl"/>.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>Whether an address beyond loopback may be bound (it is refused otherwise). Default false.</summary>
    public bool AllowRemote { get; init; }

    /// <summary>
    /// Where the bearer token is written (mode 0600, removed at shutdown); null: <see cref="AccessToken.DefaultFile"/>.
    /// </summary>
    public string? TokenFile { get; init; }

    /// <summary>Largest request body in bytes (Kestrel's MaxRequestBodySize); larger uploads get 413. Default 64 MiB.</summary>
    public long MaxUploadBytes { get; init; } = 64L << 20;

    /// <summary>Predictions decoded and scored at once; default the core count.</summary>
    public int MaxConcurrentPredictions { get; init; } = Environment.ProcessorCount;

    /// <summary>Predictions that may wait for a slot; beyond it a request gets 503 at once. Default 256.</summary>
    public int PredictionQueue { get; init; } = 256;

    /// <summary>Largest decoded image in sample values (pixels × channels); bigger uploads get 400. Default 2^26 (64 Mi values).</summary>
    public long MaxImageValues { get; init; } = 1L << 26;
}
