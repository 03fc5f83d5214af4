using System.Reflection;

namespace Keel.Server;

/// <summary>What the server says about itself.</summary>
internal static class ServerInfo
{
    /// <summary>The build's informational version (without source-link metadata).</summary>
    public static string Version { get; } =
        (typeof(ServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
