namespace Keel.Server;

/// <summary>Where the server listens.</summary>
public sealed record ServerOptions
{
    /// <summary>The address to bind: 127.0.0.1 by default (this machine only); 0.0.0.0 for every interface.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (see <see cref="KeelServer.ListeningAddresses"/>).</summary>
    public int Port { get; init; } = 8080;
}
