using Keel.Monitoring.Alerts;
using Keel.Monitoring.Metrics;
using Keel.Server.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Server.Monitoring;

/// <summary>
/// Alert rules evaluated in the server against its own metrics (the samples <c>/metrics</c> would show) every
/// <see cref="ServerOptions.AlertInterval"/>: the evaluator moves alerts through pending, firing and resolved; the
/// dispatcher groups, delays, repeats, silences and cools them down; the notifiers deliver. An Alertmanager receiver is
/// sent every firing alert on each evaluation (it resolves alerts that stop arriving), the others the dispatcher's
/// notifications. Alert states are on <c>/metrics</c> as <c>keel_alerts</c>. Delivery failures are logged and counted,
/// never fatal.
/// </summary>
internal sealed class AlertLoop : BackgroundService
{
    private readonly MetricRegistry _registry;
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertLoop> _logger;
    private readonly AlertEvaluator _evaluator;
    private readonly NotificationDispatcher _dispatcher;
    private readonly HttpClient _http = new();
    private readonly INotifier[] _notifiers;
    private readonly Counter _failures;
    private volatile IReadOnlyList<Alert> _active = [];

    public AlertLoop(AlertConfiguration configuration, ServerMetrics metrics, ServerOptions options, TimeProvider time, ILogger<AlertLoop> logger)
    {
        _registry = metrics.Registry;
        _options = options;
        _time = time;
        _logger = logger;
        _evaluator = new AlertEvaluator(configuration);
        _dispatcher = new NotificationDispatcher(configuration);
        _notifiers = [.. configuration.Notifiers.Select(n => Notifiers.Create(n, _http, time))];
        _failures = _registry.Counter("keel_alert_notification_failures_total", "Notifications a receiver did not accept after its retries.", "receiver")
            .WithLabels("any");
        _registry.Collect("keel_alerts", "Active alerts by rule, severity and state (pending or firing).", MetricType.Gauge, ["alertname", "severity", "state"],
            () => _active.GroupBy(a => (a.Name, Severity: a.Severity.ToString().ToLowerInvariant(), State: a.State.ToString().ToLowerInvariant()))
                .Select(g => (new[] { g.Key.Name, g.Key.Severity, g.Key.State }, (double)g.Count())));
    }

    /// <summary>The alerts pending or firing after the last evaluation.</summary>
    public IReadOnlyList<Alert> Active => _active;

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.AlertInterval, _time);
        try
        {
            do
            {
                try
                {
                    await EvaluateAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning(ex, "alert evaluation failed; the next one tries again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    /// <summary>One evaluation: rules over the current samples, then the notifications that are due.</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var transitions = _evaluator.Evaluate(_registry.Samples(), now);
        _active = _evaluator.Active;
        var notifications = _dispatcher.Advance(now, transitions);
        foreach (var notifier in _notifiers)
        {
            if (notifier is AlertmanagerNotifier alertmanager)
            {
                var firing = _active.Where(a => a.State == AlertState.Firing).ToList();
                var resolved = transitions.Where(t => t.To == AlertState.Resolved).Select(t => t.Alert);
                if (firing.Count > 0 || resolved.Any())
                {
                    Report(notifier, await alertmanager.PostAsync([.. firing, .. resolved], cancellationToken).ConfigureAwait(false));
                }
                continue;
            }
            foreach (var notification in notifications)
            {
                Report(notifier, await notifier.SendAsync(notification, cancellationToken).ConfigureAwait(false));
            }
        }
    }

    private void Report(INotifier notifier, NotificationResult result)
    {
        if (!result.Delivered)
        {
            _failures.Increment();
            _logger.LogWarning("alert notification to {Receiver} failed after {Attempts} attempts: {Error}", notifier.Name, result.Attempts, result.Error);
        }
    }
}
