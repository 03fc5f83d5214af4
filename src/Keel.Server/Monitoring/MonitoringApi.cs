using Keel.Monitoring.Drift;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Server.Monitoring;

/// <summary>
/// <c>GET /api/monitoring</c>: the last closed drift window of every monitored model, and the active alerts when the
/// server evaluates alert rules.
/// </summary>
internal static class MonitoringApi
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/monitoring", (LiveMonitor monitor, IServiceProvider services) =>
        {
            var windows = monitor.LatestWindows.Select(w => new MonitoredWindow(
                w.Deployment, w.Role, w.Model, w.Version, w.Window.Start, w.Window.End, w.Window.Rows,
                System.Text.Json.JsonDocument.Parse(DriftReportJson.ToJson(w.Window.Drift).ToJsonString()).RootElement)).ToList();
            var alerts = services.GetService<AlertLoop>()?.Active.Select(a => new ActiveAlert(
                a.Name, a.Severity.ToString().ToLowerInvariant(), a.State.ToString().ToLowerInvariant(), a.Value, a.ActiveSince, a.FiredAt, a.Labels, a.Annotations)).ToList();
            return TypedResults.Ok(new MonitoringView(windows, alerts));
        })
        .WithTags("Monitoring")
        .WithSummary("Live drift windows and active alerts")
        .WithDescription("The last closed drift window of every monitored model (deployment, role, model version) with its drift report, and the alerts pending or firing (null when the server has no alert rules).");
        return endpoints;
    }
}

/// <summary>What <c>GET /api/monitoring</c> answers.</summary>
public sealed record MonitoringView(IReadOnlyList<MonitoredWindow> Windows, IReadOnlyList<ActiveAlert>? Alerts);

/// <summary>A monitored model's last closed window and its drift report (the JSON of <c>keel monitor drift --json</c>).</summary>
public sealed record MonitoredWindow(
    string Deployment, string Role, string Model, string ModelVersion, DateTimeOffset Start, DateTimeOffset End, long Rows, System.Text.Json.JsonElement Drift);

/// <summary>An alert pending or firing.</summary>
public sealed record ActiveAlert(
    string Name, string Severity, string State, double Value, DateTimeOffset ActiveSince, DateTimeOffset? FiredAt,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);
