namespace Keel.Server;

/// <summary>Where the server listens, how much load it takes on before answering 503, and how often it looks at its deployments.</summary>
public sealed record ServerOptions
{
    /// <summary>The address to bind: 127.0.0.1 by default (this machine only); 0.0.0.0 for every interface.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (see <see cref="KeelServer.ListeningAddresses"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The most requests handled at once (health checks aside); default 4 × the processor count.</summary>
    public int MaxConcurrency { get; init; } = 4 * Environment.ProcessorCount;

    /// <summary>The most requests waiting for one of those slots; past it the server answers 503 with Retry-After.</summary>
    public int QueueLimit { get; init; } = 256;

    /// <summary>How often deployments are re-read for a new revision (default 1 s).</summary>
    public TimeSpan DeploymentPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the canary controller judges each canary (default 5 s).</summary>
    public TimeSpan CanaryTickInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The windows live drift monitoring compares with each model's reference (default: tumbling, 5 minutes); null turns live monitoring off.</summary>
    public Keel.Monitoring.Windows.WindowSpec? MonitorWindow { get; init; } = Keel.Monitoring.Windows.WindowSpec.Default;

    /// <summary>Alert rules evaluated against the server's own metrics (keel serve --alerts FILE); null for none.</summary>
    public Keel.Monitoring.Alerts.AlertConfiguration? Alerts { get; init; }

    /// <summary>How often the alert rules are evaluated (default 15 s, Prometheus' default evaluation interval).</summary>
    public TimeSpan AlertInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the retraining loops (keel serve --retrain) tick (default 1 minute).</summary>
    public TimeSpan RetrainInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Mirrored requests waiting for a shadow model beyond which new ones are dropped (and counted).</summary>
    public int ShadowQueueCapacity { get; init; } = 1024;

    /// <summary>Whether the server's warnings (failed ticks, failed notifications) are written to standard error.</summary>
    public bool ConsoleLog { get; init; } = true;
}
