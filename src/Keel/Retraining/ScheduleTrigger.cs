using Quartz;

namespace Keel.Retraining;

/// <summary>Fires at each time of a Quartz cron expression (seconds first: <c>0 0 3 * * ?</c> is 03:00 every day).</summary>
/// <param name="Cron">The expression, already checked by the policy file.</param>
/// <param name="TimeZone">The zone the expression's times are in.</param>
public sealed record ScheduleTrigger(string Cron, TimeZoneInfo TimeZone) : RetrainingTrigger
{
    /// <inheritdoc/>
    public override string Type => "schedule";

    /// <summary>The first time of the expression strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => new CronExpression(Cron, TimeZone).GetNextValidTimeAfter(after);

    /// <inheritdoc/>
    public override string Describe() => $"schedule '{Cron}'";
}
