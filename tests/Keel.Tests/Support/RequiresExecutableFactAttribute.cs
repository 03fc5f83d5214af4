namespace Keel.Tests.Support;

/// <summary>
/// A <see cref="FactAttribute"/> for integration tests that run a real program (Alertmanager, Prometheus,
/// PostgreSQL): skipped, with the Debian package to install, when the program is missing, unless the environment
/// variable <c>KEEL_REQUIRE_INTEGRATION=1</c> is set; then the test runs and fails loudly, as CI wants.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresExecutableFactAttribute : FactAttribute
{
    /// <summary>The variable that turns skips into failures.</summary>
    public const string RequireVariable = "KEEL_REQUIRE_INTEGRATION";

    /// <summary>Skips the test when <paramref name="path"/> does not exist (and integration is not required).</summary>
    /// <param name="path">The program's absolute path, e.g. <c>/usr/bin/prometheus-alertmanager</c>.</param>
    /// <param name="debianPackage">The Debian package that installs it.</param>
    public RequiresExecutableFactAttribute(string path, string debianPackage)
    {
        Path = path;
        DebianPackage = debianPackage;
        if (!File.Exists(path) && Environment.GetEnvironmentVariable(RequireVariable) != "1")
        {
            Skip = $"{path} is not installed (apt-get install -y {debianPackage}); set {RequireVariable}=1 to fail instead of skipping";
        }
    }

    /// <summary>The program the test needs.</summary>
    public string Path { get; }

    /// <summary>The Debian package that provides it.</summary>
    public string DebianPackage { get; }
}
