using Keel.Server.Deployments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Server.Inference;

/// <summary>
/// The singletons the scoring endpoints use, taken from the server's services once when the endpoints are mapped. A
/// handler that asked for them as parameters would make every request create (and dispose) a service scope just to
/// resolve singletons.
/// </summary>
/// <param name="Targets">Where each request goes.</param>
/// <param name="Runner">Scores and logs.</param>
/// <param name="Mirror">The shadow mirror.</param>
/// <param name="Time">The server's clock.</param>
/// <param name="Log">Where the endpoints report what fails on the server's side (a model, the inference log).</param>
internal sealed record ScoringServices(ScoringTargets Targets, PredictionRunner Runner, ShadowMirror Mirror, TimeProvider Time, ILogger Log)
{
    public static ScoringServices From(IServiceProvider services) => new(
        services.GetRequiredService<ScoringTargets>(), services.GetRequiredService<PredictionRunner>(),
        services.GetRequiredService<ShadowMirror>(), services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Keel.Server.Scoring"));
}
