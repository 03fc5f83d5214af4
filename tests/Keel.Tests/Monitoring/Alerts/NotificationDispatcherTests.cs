using Keel.Monitoring.Alerts;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring.Alerts;

public sealed class NotificationDispatcherTests
{
    private static readonly GroupingPolicy Policy = new(["alertname"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4), TimeSpan.FromMinutes(15));
    private readonly ManualTimeProvider _clock = new();

    private AlertTransition Fire(string name, string feature) => Move(name, feature, AlertState.Firing);

    private AlertTransition Resolve(string name, string feature) => Move(name, feature, AlertState.Resolved);

    private AlertTransition Move(string name, string feature, AlertState to)
    {
        var now = _clock.GetUtcNow();
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = name, ["feature"] = feature, ["severity"] = "warning" };
        var alert = new Alert
        {
            Name = name,
            Labels = labels,
            State = to,
            Value = 1,
            ActiveSince = now,
            FiredAt = now,
            ResolvedAt = to == AlertState.Resolved ? now : null,
        };
        return new AlertTransition(alert, to == AlertState.Firing ? AlertState.Pending : AlertState.Firing, to, now);
    }

    private IReadOnlyList<Notification> After(NotificationDispatcher dispatcher, TimeSpan delta, params AlertTransition[] transitions)
    {
        _clock.Advance(delta);
        return dispatcher.Advance(_clock.GetUtcNow(), transitions);
    }

    [Fact]
    public void Advance_NewGroup_WaitsThenSendsOneNotificationForAllItsAlerts()
    {
        var dispatcher = new NotificationDispatcher(Policy, []);

        var atOnce = dispatcher.Advance(_clock.GetUtcNow(), [Fire("drift", "age")]);
        var beforeWait = After(dispatcher, TimeSpan.FromSeconds(10), Fire("drift", "income"));
        var afterWait = After(dispatcher, TimeSpan.FromSeconds(20));

        Assert.Empty(atOnce);
        Assert.Empty(beforeWait);
        var notification = Assert.Single(afterWait);
        Assert.Equal(NotificationReason.New, notification.Reason);
        Assert.Equal("{alertname=\"drift\"}", notification.GroupKey);
        Assert.Equal(["age", "income"], notification.Alerts.Select(a => a.Labels["feature"]).Order());
        Assert.Equal("firing", notification.Status);
        Assert.Equal("drift", notification.CommonLabels["alertname"]);
        Assert.False(notification.CommonLabels.ContainsKey("feature"));
    }

    [Fact]
    public void Advance_DifferentGroupingValues_MakeSeparateGroups()
    {
        var dispatcher = new NotificationDispatcher(Policy, []);

        dispatcher.Advance(_clock.GetUtcNow(), [Fire("drift", "age"), Fire("latency", "p99")]);
        var sent = After(dispatcher, TimeSpan.FromSeconds(30));

        Assert.Equal(["{alertname=\"drift\"}", "{alertname=\"latency\"}"], sent.Select(n => n.GroupKey));
    }

    [Fact]
    public void Advance_UnchangedGroup_IsNotResentUntilRepeat()
    {
        var dispatcher = new NotificationDispatcher(Policy, []);
        dispatcher.Advance(_clock.GetUtcNow(), [Fire("drift", "age")]);
        Assert.Single(After(dispatcher, TimeSpan.FromSeconds(30)));
        var sent = new List<Notification>();

        for (var minute = 1; minute < 240; minute++)
        {
            sent.AddRange(After(dispatcher, TimeSpan.FromMinutes(1)));
        }
        var repeat = After(dispatcher, TimeSpan.FromMinutes(5));

        Assert.Empty(sent);
        Assert.Equal(NotificationReason.Repeat, Assert.Single(repeat).Reason);
    }

    [Fact]
    public void Advance_ChangeInAGroup_IsSentAtTheNextInterval()
    {
        var dispatcher = new NotificationDispatcher(Policy, []);
        dispatcher.Advance(_clock.GetUtcNow(), [Fire("drift", "age")]);
        After(dispatcher, TimeSpan.FromSeconds(30));

        var early = After(dispatcher, TimeSpan.FromMinutes(1), Fire("drift", "income"));
        var atInterval = After(dispatcher, TimeSpan.FromMinutes(4));

        Assert.Empty(early);
        var changed = Assert.Single(atInterval);
        Assert.Equal(NotificationReason.Changed, changed.Reason);
        Assert.Equal(2, changed.Alerts.Count);
    }

    [Fact]
    public void Advance_ResolvedAfterNotifiedFiring_SendsTheResolutionOnce()
    {
        var dispatcher = new NotificationDispatcher(Policy, []);
        dispatcher.Advance(_clock.GetUtcNow(), [Fire("drift", "age")]);
        After(dispatcher, TimeSpan.FromSeconds(30));

        var resolved = After(dispatcher, TimeSpan.FromMinutes(5), Resolve("drift", "age"));
        var later = After(dispatcher, TimeSpan.FromMinutes(5));

        var notification = Assert.Single(resolved);
        Assert.Equal("resolved", notification.Status);
        Assert.Equal(AlertState.Resolved, Assert.Single(notification.Alerts).State);
        Assert.Empty(later);
        Assert.Null(dispatcher.NextFlush); // the emptied group is gone
    }

    [Fact]
    public void Advance_FiredAndResolvedWithinTheWait_SendsNothing()
    {
        var dispatcher = new NotificationDispatcher(Policy, []);

        dispatcher.Advance(_clock.GetUtcNow(), [Fire("drift", "age")]);
        var sent = After(dispatcher, TimeSpan.FromSeconds(29), Resolve("drift", "age"));
        sent = [.. sent, .. After(dispatcher, TimeSpan.FromMinutes(10))];

        Assert.Empty(sent);
    }

    [Fact]
    public void Advance_SilencedAlert_IsDroppedWhileTheSilenceLastsAndSentAfter()
    {
        var start = _clock.GetUtcNow();
        var silence = new Silence(new Dictionary<string, string> { ["alertname"] = "drift" }, start, start + TimeSpan.FromHours(1), "retraining");
        var dispatcher = new NotificationDispatcher(Policy, [silence]);

        dispatcher.Advance(start, [Fire("drift", "age"), Fire("latency", "p99")]);
        var during = After(dispatcher, TimeSpan.FromSeconds(30));
        var sentDuring = new List<Notification>(during);
        for (var i = 0; i < 11; i++)
        {
            sentDuring.AddRange(After(dispatcher, TimeSpan.FromMinutes(5)));
        }
        var after = After(dispatcher, TimeSpan.FromMinutes(5));

        Assert.Equal("{alertname=\"latency\"}", Assert.Single(sentDuring).GroupKey);
        Assert.Equal("{alertname=\"drift\"}", Assert.Single(after).GroupKey);
    }

    [Fact]
    public void Advance_RefiringWithinCooldown_IsHeldBackAndDroppedIfItResolvesAgain()
    {
        var dispatcher = new NotificationDispatcher(Policy, []);
        dispatcher.Advance(_clock.GetUtcNow(), [Fire("drift", "age")]);
        Assert.Single(After(dispatcher, TimeSpan.FromSeconds(30)));
        Assert.Single(After(dispatcher, TimeSpan.FromMinutes(5), Resolve("drift", "age")));

        var sent = new List<Notification>();
        sent.AddRange(After(dispatcher, TimeSpan.FromMinutes(1), Fire("drift", "age")));
        sent.AddRange(After(dispatcher, TimeSpan.FromSeconds(30)));
        sent.AddRange(After(dispatcher, TimeSpan.FromMinutes(5), Resolve("drift", "age")));
        sent.AddRange(After(dispatcher, TimeSpan.FromMinutes(30)));

        Assert.Empty(sent);
    }

    [Fact]
    public void Advance_RefiringWithinCooldownAndStillFiring_IsSentWhenTheCooldownEnds()
    {
        var dispatcher = new NotificationDispatcher(Policy, []);
        dispatcher.Advance(_clock.GetUtcNow(), [Fire("drift", "age")]);
        After(dispatcher, TimeSpan.FromSeconds(30));
        After(dispatcher, TimeSpan.FromMinutes(5), Resolve("drift", "age"));
        var resolvedAt = _clock.GetUtcNow();

        var sent = new List<Notification>();
        sent.AddRange(After(dispatcher, TimeSpan.FromMinutes(1), Fire("drift", "age")));
        for (var i = 0; i < 6; i++)
        {
            sent.AddRange(After(dispatcher, TimeSpan.FromMinutes(5)));
        }

        var notification = Assert.Single(sent);
        Assert.True(notification.At >= resolvedAt + Policy.Cooldown);
        Assert.Equal(NotificationReason.New, notification.Reason);
    }

    [Fact]
    public void Advance_ResolvedAndFiringAgainBeforeTheFlush_SendsNothingThenSendsTheLaterResolution()
    {
        var dispatcher = new NotificationDispatcher(Policy, []);
        dispatcher.Advance(_clock.GetUtcNow(), [Fire("drift", "age")]);
        Assert.Single(After(dispatcher, TimeSpan.FromSeconds(30)));

        var blip = After(dispatcher, TimeSpan.FromMinutes(1), Resolve("drift", "age"));
        blip = [.. blip, .. After(dispatcher, TimeSpan.FromMinutes(1), Fire("drift", "age"))];
        blip = [.. blip, .. After(dispatcher, TimeSpan.FromMinutes(3))];
        var resolved = After(dispatcher, TimeSpan.FromMinutes(5), Resolve("drift", "age"));

        Assert.Empty(blip); // receivers knew it as firing and it still is
        Assert.Equal("resolved", Assert.Single(resolved).Status);
    }

    [Fact]
    public void Constructor_ZeroInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NotificationDispatcher(Policy with { Interval = TimeSpan.Zero }, []));
    }
}
