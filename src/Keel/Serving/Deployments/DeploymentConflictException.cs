namespace Keel.Serving.Deployments;

/// <summary>
/// A change was based on a revision that is no longer current (someone else changed the deployment first). Read the
/// deployment again and decide anew.
/// </summary>
public sealed class DeploymentConflictException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="deployment"/>.</summary>
    public DeploymentConflictException(string deployment, int expectedRevision, int currentRevision)
        : base($"deployment '{deployment}' is at revision {currentRevision}, not {expectedRevision}: it changed meanwhile")
    {
        Deployment = deployment;
        ExpectedRevision = expectedRevision;
        CurrentRevision = currentRevision;
    }

    /// <summary>The deployment.</summary>
    public string Deployment { get; }

    /// <summary>The revision the change was based on.</summary>
    public int ExpectedRevision { get; }

    /// <summary>The revision the deployment is at.</summary>
    public int CurrentRevision { get; }
}
