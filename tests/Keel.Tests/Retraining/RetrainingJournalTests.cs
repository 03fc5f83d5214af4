using Keel.Retraining;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Retraining;

public sealed class RetrainingJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 3, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new() { UtcNow = T0 };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Journal_StartAndOutcomes_ListHistoryAndAnAuditEntryPerChange()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        var journal = new RetrainingJournal(store, "loop");
        var first = await journal.StartAsync("credit", "alert high-drift", RetrainOutcome.Running);
        await journal.UpdateAsync(first, RetrainOutcome.Rejected, null, "models:/credit/2", "gate 'auc >= champion.auc' failed: auc = 0.71, champion.auc = 0.74");
        _clock.UtcNow = T0.AddHours(7);
        var second = await journal.StartAsync("credit", "schedule 0 0 3 * * ?", RetrainOutcome.AwaitingApproval);
        await journal.UpdateAsync(second, RetrainOutcome.Running, null, null, null);
        await journal.UpdateAsync(second, RetrainOutcome.Promoted, null, "models:/credit/3", "canary passed its last step");
        await journal.StartAsync("other", "labels 5000", RetrainOutcome.Running);

        var entries = await journal.ListAsync("credit");
        var history = await journal.HistoryAsync("credit", T0.AddDays(-1));

        Assert.Equal([(first, RetrainOutcome.Rejected, "models:/credit/2"), (second, RetrainOutcome.Promoted, "models:/credit/3")],
            entries.Select(e => (e.Id, e.Record.Outcome, e.Candidate)));
        Assert.Equal([T0, T0.AddHours(7)], history.Retrains.Select(r => r.StartedAt));
        Assert.Equal("alert high-drift", history.Retrains[0].Cause);
        Assert.Contains("failed", entries[0].Detail, StringComparison.Ordinal);
        var audit = await AuditAsync(store);
        Assert.Equal(["retrain.started", "retrain.rejected", "retrain.started", "retrain.running", "retrain.promoted", "retrain.started"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("loop", a.Actor));
        Assert.Contains("\"cause\":\"alert high-drift\"", audit[1].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_EndedOrUnknownRetrain_IsRefused()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        var journal = new RetrainingJournal(store);
        var id = await journal.StartAsync("credit", "alert high-drift", RetrainOutcome.Running);
        await journal.UpdateAsync(id, RetrainOutcome.Failed, null, null, "the pipeline failed");

        var ended = await Assert.ThrowsAsync<InvalidOperationException>(() => journal.UpdateAsync(id, RetrainOutcome.Promoted, null, null, null));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.UpdateAsync(id + 1, RetrainOutcome.Running, null, null, null));
        await Assert.ThrowsAsync<ArgumentException>(() => journal.StartAsync("credit", "x", RetrainOutcome.Promoted));

        Assert.Contains("is failed; it cannot become promoted", ended.Message, StringComparison.Ordinal);
    }

    private static async Task<List<(string Actor, string Action, string Details)>> AuditAsync(MetadataStore store)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT actor, action, details_json FROM audit_log WHERE action LIKE 'retrain.%' ORDER BY id";
        using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        return rows;
    }
}
