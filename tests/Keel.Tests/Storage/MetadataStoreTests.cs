using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Storage;

public sealed class MetadataStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly string _path;

    public MetadataStoreTests() => _path = _temp.Combine("keel.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task OpenAsync_NewDatabase_AppliesEveryMigrationOnceAndRecordsIt()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);

        var applied = await store.GetAppliedMigrationsAsync();

        Assert.Equal(SchemaMigrations.LatestVersion, store.SchemaVersion);
        Assert.Equal(SchemaMigrations.For(SqliteDialect.Instance).Select(m => (m.Version, m.Name)), applied.Select(m => (m.Version, m.Name)));
        Assert.All(applied, m => Assert.Equal(_clock.GetUtcNow(), m.AppliedAt));
        Assert.Equal(
            [
                "audit_log", "dataset_versions", "datasets", "deployment_revisions", "deployments", "feedback", "inference_log", "inference_log_columns", "model_alias_history", "model_aliases", "model_tags", "model_versions",
                "monitoring_windows", "registered_models", "registry_events", "retrains", "run_artifacts", "run_inputs", "run_logs", "run_metrics", "run_params",
                "run_steps", "runs", "schema_migrations", "step_cache", "webhook_deliveries", "webhooks", "workspace_secrets",
            ],
            await TablesAsync());
    }

    [Fact]
    public async Task OpenAsync_Reopen_DoesNotApplyAgain()
    {
        var firstOpen = _clock.GetUtcNow();
        using (await MetadataStore.OpenAsync(_path, _clock))
        {
        }
        _clock.Advance(TimeSpan.FromDays(1));

        using var store = await MetadataStore.OpenAsync(_path, _clock);

        var applied = await store.GetAppliedMigrationsAsync();
        Assert.Equal(SchemaMigrations.LatestVersion, applied.Count);
        Assert.All(applied, m => Assert.Equal(firstOpen, m.AppliedAt));
    }

    [Fact]
    public async Task OpenAsync_CodeHasNewMigration_AppliesOnlyThePendingOne()
    {
        var v1 = SchemaMigrations.For(SqliteDialect.Instance);
        using (await MetadataStore.OpenAsync(_path, _clock, v1, CancellationToken.None))
        {
        }
        _clock.Advance(TimeSpan.FromHours(2));
        List<Migration> v2 = [.. v1, new(v1.Count + 1, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);")];

        using var store = await MetadataStore.OpenAsync(_path, _clock, v2, CancellationToken.None);

        var applied = await store.GetAppliedMigrationsAsync();
        Assert.Equal(v2.Count, store.SchemaVersion);
        Assert.Equal(_clock.GetUtcNow(), applied[^1].AppliedAt);
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromHours(2), applied[0].AppliedAt);
        Assert.Contains("notes", await TablesAsync());
    }

    [Fact]
    public async Task OpenAsync_MigrationFails_RollsItBackAndRecordsNothing()
    {
        var v1 = SchemaMigrations.For(SqliteDialect.Instance);
        List<Migration> broken = [.. v1, new(v1.Count + 1, "broken", "CREATE TABLE half_done (id INTEGER); CREATE TABLE oops (;")];

        await Assert.ThrowsAsync<SqliteException>(() => MetadataStore.OpenAsync(_path, _clock, broken, CancellationToken.None));

        using var store = await MetadataStore.OpenAsync(_path, _clock, v1, CancellationToken.None);
        Assert.Equal(v1.Count, (await store.GetAppliedMigrationsAsync()).Count);
        Assert.DoesNotContain("half_done", await TablesAsync());
    }

    [Fact]
    public async Task OpenAsync_DatabaseNewerThanCode_RefusesWithBothVersions()
    {
        using (await MetadataStore.OpenAsync(_path, _clock))
        {
        }
        await ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00.0000000Z')");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => MetadataStore.OpenAsync(_path, _clock));

        Assert.Equal(99, error.DatabaseVersion);
        Assert.Equal(SchemaMigrations.LatestVersion, error.KnownVersion);
        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
        Assert.Contains("newer Keel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_SeveralProcessesAtOnce_MigrateOnce()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => MetadataStore.OpenAsync(_path, _clock))));

        Assert.All(stores, s => Assert.Equal(SchemaMigrations.LatestVersion, s.SchemaVersion));
        Assert.Equal(SchemaMigrations.LatestVersion, (await stores[0].GetAppliedMigrationsAsync()).Count);
        foreach (var store in stores)
        {
            store.Dispose();
        }
    }

    [Fact]
    public async Task OpenAsync_Any_SetsWalAndConnectionPragmas()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);

        // A plain connection sees the persistent journal mode; the store's own connections carry the per-connection pragmas.
        Assert.Equal("wal", await ScalarAsync<string>("PRAGMA journal_mode"));
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(1L, await ScalarAsync<long>(connection, "PRAGMA synchronous"));
        Assert.Equal(1L, await ScalarAsync<long>(connection, "PRAGMA foreign_keys"));
        Assert.Equal((long)SqliteDialect.BusyTimeoutMilliseconds, await ScalarAsync<long>(connection, "PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task AuditLog_UpdateOrDelete_IsRejected()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await ExecuteAsync("INSERT INTO audit_log (at, actor, action, subject) VALUES ('2026-01-01T00:00:00.0000000Z', 'me', 'test', 'x')");

        var update = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("UPDATE audit_log SET actor = 'someone else'"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("DELETE FROM audit_log"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT COUNT(*) FROM audit_log"));
    }

    [Fact]
    public void For_PostgresDialect_RendersPostgresTypesOnly()
    {
        var sql = string.Join("\n", SchemaMigrations.For(PostgresDialect.Instance).Select(m => m.Sql));

        Assert.Contains("GENERATED ALWAYS AS IDENTITY", sql, StringComparison.Ordinal);
        Assert.Contains("BIGINT", sql, StringComparison.Ordinal);
        Assert.Contains("plpgsql", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("AUTOINCREMENT", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("strftime", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("RAISE(ABORT", sql, StringComparison.Ordinal);
    }

    private async Task<List<string>> TablesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        return await ScalarAsync<T>(connection, sql);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
