using Keel.Server.Deployments;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Server.Inference;

/// <summary>
/// The singletons the scoring endpoints use, taken from the server's services once when the endpoints are mapped. A
/// handler that asked for them as parameters would make every request create (and dispose) a service scope just to
/// resolve singletons.
/// </summary>
internal sealed record ScoringServices(ScoringTargets Targets, PredictionRunner Runner, ShadowMirror Mirror, TimeProvider Time)
{
    public static ScoringServices From(IServiceProvider services) => new(
        services.GetRequiredService<ScoringTargets>(), services.GetRequiredService<PredictionRunner>(),
        services.GetRequiredService<ShadowMirror>(), services.GetRequiredService<TimeProvider>());
}
