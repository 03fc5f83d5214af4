namespace Keel.Serving.Deployments;

/// <summary>Decides, per request, which model answers. Implementations are immutable, thread-safe and allocation-free.</summary>
public interface IRouter
{
    /// <summary>
    /// Routes one request. <paramref name="stickyKey"/> is the value of the revision's sticky key field in the request
    /// (null when absent or when the revision has none); <paramref name="uniform"/> is a fresh uniform draw in [0, 1)
    /// used when there is no key. The same inputs always give the same decision.
    /// </summary>
    RouteDecision Route(string? stickyKey, double uniform);
}
