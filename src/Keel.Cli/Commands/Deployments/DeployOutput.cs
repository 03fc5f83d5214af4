using System.Globalization;
using System.Text.Json;
using Keel.Server.Deployments;
using Keel.Serving.Deployments;

namespace Keel.Cli.Commands;

/// <summary>How <c>keel deploy</c> prints revisions: one line each for people, <see cref="DeploymentViews"/> for <c>--json</c>.</summary>
internal static class DeployOutput
{
    /// <summary>Writes <paramref name="value"/> as the REST API would answer it.</summary>
    public static void Json<T>(CliContext context, T value)
    {
        context.Terminal.Stdout.WriteLine(JsonSerializer.Serialize(value, DeploymentViews.Options));
        context.Terminal.Stdout.Flush();
    }

    /// <summary>A revision (or, with <paramref name="json"/>, its document); <paramref name="verb"/> says what happened.</summary>
    public static void Revision(CliContext context, DeploymentRevision revision, bool json, string verb)
    {
        if (json)
        {
            Json(context, DeploymentViews.Of(revision));
            return;
        }
        context.Terminal.Stdout.WriteLine($"{verb} deployment '{revision.Deployment}' revision {revision.Number}: {Describe(revision)}");
    }

    /// <summary><c>canary models:/a/1 → models:/a/2 at 5% (step 1/4)</c>, and so on per strategy.</summary>
    public static string Describe(DeploymentRevision revision)
    {
        var spec = revision.Spec;
        var p = spec.Parameters;
        return spec.Strategy switch
        {
            DeploymentStrategy.Single => $"single {spec.Primary}",
            DeploymentStrategy.BlueGreen => $"blue_green live {spec.Primary}, standby {spec.Candidate}",
            DeploymentStrategy.Canary => $"canary {spec.Primary} → {spec.Candidate} at {Show(p.CanarySteps[p.CanaryStep])}% (step {p.CanaryStep + 1}/{p.CanarySteps.Count})",
            DeploymentStrategy.Shadow => $"shadow {spec.Primary}, mirroring {Show(p.ShadowFraction * 100)}% to {spec.Candidate}",
            _ => $"ab A {spec.Primary}, B {spec.Candidate} at {Show(p.VariantShare * 100)}%" + (p.StickyKey is { } key ? $" sticky by {key}" : ""),
        };
    }

    private static string Show(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
