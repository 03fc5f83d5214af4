namespace Keel.Server;

/// <summary>Where the server listens, and how often it looks at its deployments.</summary>
public sealed record ServerOptions
{
    /// <summary>The address to bind: 127.0.0.1 by default (this machine only); 0.0.0.0 for every interface.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (see <see cref="KeelServer.ListeningAddresses"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>How often deployments are re-read for a new revision (default 1 s).</summary>
    public TimeSpan DeploymentPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the canary controller judges each canary (default 5 s).</summary>
    public TimeSpan CanaryTickInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Mirrored requests waiting for a shadow model beyond which new ones are dropped (and counted).</summary>
    public int ShadowQueueCapacity { get; init; } = 1024;
}
