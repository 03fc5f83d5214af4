using Keel.Monitoring.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Keel.Server.Metrics;

/// <summary><c>GET /metrics</c>: every metric in the Prometheus text exposition format 0.0.4, for Prometheus to scrape.</summary>
internal static class MetricsApi
{
    /// <summary>Maps <c>GET /metrics</c>.</summary>
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (ServerMetrics metrics) => TypedResults.Text(metrics.Registry.Exposition(), PrometheusText.ContentType))
            .WithTags("Monitoring");
        return endpoints;
    }
}
