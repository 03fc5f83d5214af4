using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Keel.Storage;

/// <summary>
/// Copies journal frames (<see cref="InferenceJournalFrame"/> payloads) into the <c>inference_log</c> table on a
/// connection of its own; each <see cref="Insert"/> is one write transaction. The INSERT is prepared once and bound
/// straight from the frame's UTF-8 bytes through SQLite's own API: no strings, parameter objects or conversions per
/// record. A prediction id already in the table is skipped, so a segment that was partly copied before a crash is
/// stored once when it is replayed. Not thread-safe.
/// </summary>
internal sealed class InferenceLogInserter : IDisposable
{
    private const string Sql = """
        INSERT INTO inference_log (prediction_id, inference_id, request_id, model_name, model_version, row_index, inputs_json, outputs_json, latency_us, at,
                                   deployment, deployment_revision, deployment_role, inputs_columns)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
        ON CONFLICT (prediction_id) DO NOTHING
        """;

    private const string AddColumnsSql = "INSERT INTO inference_log_columns (names_json) VALUES (?1) ON CONFLICT (names_json) DO NOTHING";

    private const string FindColumnsSql = "SELECT id FROM inference_log_columns WHERE names_json = ?1";

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _addColumns;
    private readonly sqlite3_stmt _findColumns;
    // The inference_log_columns id of each set of input columns met so far. An id is cached inside the transaction that
    // may have created it; a transaction that fails ends this inserter (its owner disposes of it), so no id of a
    // rolled-back row outlives it.
    private readonly Dictionary<byte[], long> _columnIds = new(Utf8Comparer.Instance);
    private readonly Dictionary<byte[], long>.AlternateLookup<ReadOnlySpan<byte>> _columnIdsBySpan;

    private InferenceLogInserter(SqliteConnection connection)
    {
        _connection = connection;
        _columnIdsBySpan = _columnIds.GetAlternateLookup<ReadOnlySpan<byte>>();
        Check(raw.sqlite3_prepare_v2(connection.Handle, Sql, out _insert));
        Check(raw.sqlite3_prepare_v2(connection.Handle, AddColumnsSql, out _addColumns));
        Check(raw.sqlite3_prepare_v2(connection.Handle, FindColumnsSql, out _findColumns));
    }

    /// <summary>Opens a connection to <paramref name="store"/> with automatic checkpoints off (the caller checkpoints).</summary>
    public static async Task<InferenceLogInserter> OpenAsync(MetadataStore store, CancellationToken cancellationToken)
    {
        var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A commit that crosses SQLite's auto-checkpoint threshold copies the WAL into the database inside that
            // commit; the log checkpoints on another connection instead, between its commits.
            using (var pragma = MetadataStore.Command(connection, null, "PRAGMA wal_autocheckpoint = 0"))
            {
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return new InferenceLogInserter(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Records inserted between two calls of an <see cref="Insert"/>'s pause.</summary>
    public const int SliceRecords = 64;

    /// <summary>
    /// Inserts every record of <paramref name="payloads"/> (whole, intact frame payloads) in one transaction, calling
    /// <paramref name="pause"/> (if any) after every <see cref="SliceRecords"/> records.
    /// </summary>
    /// <exception cref="SqliteException">The store refused a record or the commit; nothing of the transaction is kept.</exception>
    /// <exception cref="InvalidDataException">A payload does not decode; nothing of the transaction is kept.</exception>
    public void Insert(IEnumerable<ReadOnlyMemory<byte>> payloads, Action? pause = null)
    {
        using var transaction = MetadataStore.BeginWrite(_connection);
        Span<byte> at = stackalloc byte[StoreTime.Utf8Length];
        var inserted = 0;
        foreach (var payload in payloads)
        {
            var reader = new InferenceJournalFrame.PayloadReader(payload.Span);
            while (reader.TryRead(out var record))
            {
                StoreTime.FormatUtf8(record.UtcTicks, at);
                Bind(record, at);
                var done = raw.sqlite3_step(_insert);
                raw.sqlite3_reset(_insert);
                if (done != raw.SQLITE_DONE)
                {
                    Check(done);
                }
                if (++inserted % SliceRecords == 0)
                {
                    pause?.Invoke();
                }
            }
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        _insert.Dispose();
        _addColumns.Dispose();
        _findColumns.Dispose();
        _connection.Dispose();
    }

    // The id of a set of input columns (their names' JSON array), stored the first time it is met.
    private long ColumnsId(ReadOnlySpan<byte> names)
    {
        if (_columnIdsBySpan.TryGetValue(names, out var id))
        {
            return id;
        }
        Check(raw.sqlite3_bind_text(_addColumns, 1, names));
        var added = raw.sqlite3_step(_addColumns);
        raw.sqlite3_reset(_addColumns);
        if (added != raw.SQLITE_DONE)
        {
            Check(added);
        }
        Check(raw.sqlite3_bind_text(_findColumns, 1, names));
        try
        {
            var found = raw.sqlite3_step(_findColumns);
            if (found == raw.SQLITE_DONE)
            {
                throw new SqliteException("the inference log stored a set of input columns and then could not find it", raw.SQLITE_INTERNAL);
            }
            if (found != raw.SQLITE_ROW)
            {
                Check(found);
            }
            id = raw.sqlite3_column_int64(_findColumns, 0);
        }
        finally
        {
            raw.sqlite3_reset(_findColumns);
        }
        _columnIdsBySpan[names] = id;
        return id;
    }

    private void Bind(in RawInferenceRecord record, ReadOnlySpan<byte> at)
    {
        Check(raw.sqlite3_bind_text(_insert, 1, record.PredictionId));
        Check(raw.sqlite3_bind_text(_insert, 2, record.InferenceId));
        BindOptional(3, record.RequestId);
        Check(raw.sqlite3_bind_text(_insert, 4, record.ModelName));
        Check(raw.sqlite3_bind_text(_insert, 5, record.ModelVersion));
        Check(raw.sqlite3_bind_int64(_insert, 6, record.Row));
        Check(raw.sqlite3_bind_text(_insert, 7, record.InputsJson));
        Check(raw.sqlite3_bind_text(_insert, 8, record.OutputsJson));
        Check(raw.sqlite3_bind_int64(_insert, 9, record.LatencyMicroseconds));
        Check(raw.sqlite3_bind_text(_insert, 10, at));
        BindOptional(11, record.Deployment);
        Check(record.DeploymentRevision < 0 ? raw.sqlite3_bind_null(_insert, 12) : raw.sqlite3_bind_int64(_insert, 12, record.DeploymentRevision));
        BindOptional(13, record.DeploymentRole);
        Check(record.InputColumns.HasValue ? raw.sqlite3_bind_int64(_insert, 14, ColumnsId(record.InputColumns.Bytes)) : raw.sqlite3_bind_null(_insert, 14));
    }

    private void BindOptional(int index, Utf8Field value) =>
        Check(value.HasValue ? raw.sqlite3_bind_text(_insert, index, value.Bytes) : raw.sqlite3_bind_null(_insert, index));

    private void Check(int code)
    {
        if (code != raw.SQLITE_OK)
        {
            throw new SqliteException(
                string.Create(CultureInfo.InvariantCulture, $"the inference log could not store a record: {raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}"),
                code);
        }
    }
}
