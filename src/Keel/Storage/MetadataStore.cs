using Microsoft.Data.Sqlite;

namespace Keel.Storage;

/// <summary>
/// Keel's metadata database (SQLite by default): connection settings, schema migrations and the
/// clock. Catalogs such as <see cref="DatasetCatalog"/> run their SQL through it.
/// </summary>
/// <remarks>
/// <para>
/// Opening applies every pending migration from <see cref="SchemaMigrations"/>, each in its own
/// write transaction recorded in <c>schema_migrations (version, name, applied_at)</c>, and
/// refuses a database whose version is newer than this build knows
/// (<see cref="SchemaVersionException"/>). Several processes may open the same file at once:
/// a migration is re-checked under the write lock before it runs, so it is applied once.
/// </para>
/// <para>
/// The file runs in WAL mode (readers never block the writer) with <c>synchronous=NORMAL</c>,
/// <c>foreign_keys=ON</c> and a <c>busy_timeout</c> of
/// <see cref="SqliteDialect.BusyTimeoutMilliseconds"/>; see <see cref="SqliteDialect.ConnectionSetup"/>.
/// </para>
/// <para>
/// Thread-safe: every operation takes its own pooled connection. Dispose to release the
/// pooled file handles.
/// </para>
/// </remarks>
public sealed class MetadataStore : IDisposable
{
    private const string MigrationsTable = "schema_migrations";

    private readonly string _connectionString;

    private MetadataStore(string databasePath, string connectionString, TimeProvider timeProvider, int schemaVersion)
    {
        DatabasePath = databasePath;
        _connectionString = connectionString;
        TimeProvider = timeProvider;
        SchemaVersion = schemaVersion;
    }

    /// <summary>Path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The SQL dialect of this store.</summary>
    public ISqlDialect Dialect => SqliteDialect.Instance;

    /// <summary>The clock that stamps every row this store's catalogs write.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The schema version after opening (the highest applied migration).</summary>
    public int SchemaVersion { get; }

    /// <summary>Opens (creating if needed) the workspace's <c>keel.db</c>.</summary>
    /// <inheritdoc cref="OpenAsync(string, TimeProvider, CancellationToken)"/>
    public static Task<MetadataStore> OpenAsync(KeelWorkspace workspace, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return OpenAsync(workspace.DatabasePath, timeProvider, cancellationToken);
    }

    /// <summary>Opens (creating if needed) the SQLite database at <paramref name="databasePath"/> and migrates it.</summary>
    /// <exception cref="SchemaVersionException">The database was written by a newer Keel.</exception>
    public static Task<MetadataStore> OpenAsync(string databasePath, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        OpenAsync(databasePath, timeProvider, SchemaMigrations.For(SqliteDialect.Instance), cancellationToken);

    /// <summary>Opens with an explicit migration list (tests use it to simulate upgrades).</summary>
    internal static async Task<MetadataStore> OpenAsync(string databasePath, TimeProvider timeProvider, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);
        CheckOrder(migrations);

        var path = Path.GetFullPath(databasePath);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
        }.ToString();

        var store = new MetadataStore(path, connectionString, timeProvider, schemaVersion: 0);
        int version;
        var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await EnableWalAsync(connection, path, cancellationToken).ConfigureAwait(false);
            version = await store.MigrateAsync(connection, migrations, cancellationToken).ConfigureAwait(false);
        }
        return new MetadataStore(path, connectionString, timeProvider, version);
    }

    /// <summary>The migrations recorded in the database, in version order.</summary>
    public async Task<IReadOnlyList<AppliedMigration>> GetAppliedMigrationsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = Command(connection, null, $"SELECT version, name, applied_at FROM {MigrationsTable} ORDER BY version");
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var applied = new List<AppliedMigration>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(new AppliedMigration(reader.GetInt32(0), reader.GetString(1), StoreTime.Parse(reader.GetString(2))));
                }
                return applied;
            }
        }
    }

    /// <summary>Releases pooled connections to the file. Operations started afterwards open new ones.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>An open connection with the dialect's session settings applied; the caller disposes it.</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var setup = Command(connection, null, Dialect.ConnectionSetup);
            await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts a write transaction with <c>BEGIN IMMEDIATE</c>: the write lock is taken now, not at
    /// the first write, so a read-then-write sequence (next version number, pending migration)
    /// cannot interleave with another connection's, and a waiting writer queues on
    /// <c>busy_timeout</c> instead of failing with SQLITE_BUSY on lock upgrade.
    /// </summary>
    internal static SqliteTransaction BeginWrite(SqliteConnection connection) =>
        connection.BeginTransaction(deferred: false);

    /// <summary>Runs <paramref name="work"/> on a fresh connection (reads; no transaction).</summary>
    internal async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await work(connection).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (<see cref="BeginWrite"/>) and commits it; any exception
    /// rolls everything back. The work receives the transaction's time stamp (<see cref="Now"/>).
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, string, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = BeginWrite(connection);
            var result = await work(connection, transaction, Now()).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    /// <summary>The current time from <see cref="TimeProvider"/>, formatted for storage.</summary>
    internal string Now() => StoreTime.Format(TimeProvider.GetUtcNow());

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task EnableWalAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        using var command = Command(connection, null, "PRAGMA journal_mode = WAL");
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"database '{path}' could not be switched to WAL journal mode (it reports '{mode}'); WAL needs a local file system that supports shared memory");
        }
    }

    private async Task<int> MigrateAsync(SqliteConnection connection, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        using (var create = Command(connection, null, $"""
            CREATE TABLE IF NOT EXISTS {MigrationsTable} (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var current = await CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (current > known)
        {
            throw new SchemaVersionException(DatabasePath, current, known);
        }

        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }
            using var transaction = BeginWrite(connection);

            // Another process may have migrated between our read and our lock.
            current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (current > known)
            {
                throw new SchemaVersionException(DatabasePath, current, known);
            }
            if (migration.Version <= current)
            {
                continue;
            }

            using (var apply = Command(connection, transaction, migration.Sql))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            using (var record = Command(connection, transaction, $"INSERT INTO {MigrationsTable} (version, name, applied_at) VALUES (@version, @name, @at)"))
            {
                record.Parameters.AddWithValue("@version", migration.Version);
                record.Parameters.AddWithValue("@name", migration.Name);
                record.Parameters.AddWithValue("@at", Now());
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            current = migration.Version;
        }
        return current;
    }

    private static async Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, $"SELECT COALESCE(MAX(version), 0) FROM {MigrationsTable}");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void CheckOrder(IReadOnlyList<Migration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"migration '{migrations[i].Name}' has version {migrations[i].Version} but is at position {i + 1}; versions must be 1, 2, 3, … in order");
            }
        }
    }
}
