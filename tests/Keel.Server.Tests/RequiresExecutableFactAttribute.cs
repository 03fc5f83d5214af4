namespace Keel.Server.Tests;

/// <summary>
/// A fact that needs a program from a Debian package (Prometheus, promtool): skipped, saying which package to
/// install, when the program is absent — unless <c>KEEL_REQUIRE_INTEGRATION=1</c> (set by <c>.ci/run</c>, which
/// installs the packages), so CI fails instead of skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresExecutableFactAttribute : FactAttribute
{
    public RequiresExecutableFactAttribute(string path, string package)
    {
        if (!File.Exists(path) && Environment.GetEnvironmentVariable("KEEL_REQUIRE_INTEGRATION") != "1")
        {
            Skip = $"{path} is not installed (apt-get install -y {package})";
        }
    }
}
