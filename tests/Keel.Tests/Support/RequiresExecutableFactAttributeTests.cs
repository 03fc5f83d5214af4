namespace Keel.Tests.Support;

public sealed class RequiresExecutableFactAttributeTests
{
    [Fact]
    public void Constructor_MissingProgram_SkipsNamingThePackageUnlessIntegrationIsRequired()
    {
        var fact = new RequiresExecutableFactAttribute("/nonexistent/keel-test-program", "keel-test-package");

        if (Environment.GetEnvironmentVariable(RequiresExecutableFactAttribute.RequireVariable) == "1")
        {
            Assert.Null(fact.Skip);
        }
        else
        {
            Assert.Equal("/nonexistent/keel-test-program is not installed (apt-get install -y keel-test-package); set KEEL_REQUIRE_INTEGRATION=1 to fail instead of skipping", fact.Skip);
        }
    }

    [Fact]
    public void Constructor_ProgramPresent_DoesNotSkip()
    {
        var fact = new RequiresExecutableFactAttribute(Environment.ProcessPath!, "dotnet");

        Assert.Null(fact.Skip);
    }
}
