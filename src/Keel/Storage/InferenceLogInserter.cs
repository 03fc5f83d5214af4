using Microsoft.Data.Sqlite;

namespace Keel.Storage;

/// <summary>
/// A connection of its own and a prepared INSERT into <c>inference_log</c>; each <see cref="InsertAsync"/> is one write
/// transaction. A prediction id already in the table is skipped, so records replayed from an
/// <see cref="InferenceJournal"/> segment that were partly ingested before a crash are stored once. Not thread-safe.
/// </summary>
internal sealed class InferenceLogInserter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _parameters;

    private InferenceLogInserter(SqliteConnection connection)
    {
        _connection = connection;
        _insert = MetadataStore.Command(connection, null, """
            INSERT INTO inference_log (prediction_id, inference_id, request_id, model_name, model_version, row_index, inputs_json, outputs_json, latency_us, at,
                                       deployment, deployment_revision, deployment_role)
            VALUES (@prediction, @inference, @request, @model, @version, @row, @inputs, @outputs, @latency, @at, @deployment, @revision, @role)
            ON CONFLICT (prediction_id) DO NOTHING
            """);
        _parameters = new[]
            {
                "@prediction", "@inference", "@request", "@model", "@version", "@row", "@inputs", "@outputs", "@latency", "@at",
                "@deployment", "@revision", "@role",
            }
            .Select(name => _insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        _insert.Prepare();
    }

    /// <summary>Opens a connection to <paramref name="store"/> with automatic checkpoints off (the caller checkpoints).</summary>
    public static async Task<InferenceLogInserter> OpenAsync(MetadataStore store, CancellationToken cancellationToken)
    {
        var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A commit that crosses SQLite's auto-checkpoint threshold copies the WAL into the database inside that
            // commit; the log checkpoints on another connection instead, between its commits.
            using var pragma = MetadataStore.Command(connection, null, "PRAGMA wal_autocheckpoint = 0");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new InferenceLogInserter(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Inserts every record of <paramref name="batches"/> in one transaction.</summary>
    public async Task InsertAsync(IEnumerable<IReadOnlyList<InferenceRecord>> batches, CancellationToken cancellationToken)
    {
        using var transaction = MetadataStore.BeginWrite(_connection);
        _insert.Transaction = transaction;
        try
        {
            foreach (var records in batches)
            {
                for (var i = 0; i < records.Count; i++)
                {
                    Bind(records[i]);
                    await _insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _insert.Transaction = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private void Bind(InferenceRecord record)
    {
        _parameters[0].Value = record.PredictionId;
        _parameters[1].Value = record.InferenceId;
        _parameters[2].Value = (object?)record.RequestId ?? DBNull.Value;
        _parameters[3].Value = record.ModelName;
        _parameters[4].Value = record.ModelVersion;
        _parameters[5].Value = record.Row;
        _parameters[6].Value = record.InputsJson;
        _parameters[7].Value = record.OutputsJson;
        _parameters[8].Value = record.LatencyMicroseconds;
        _parameters[9].Value = StoreTime.Format(record.Time);
        _parameters[10].Value = (object?)record.Deployment ?? DBNull.Value;
        _parameters[11].Value = (object?)record.DeploymentRevision ?? DBNull.Value;
        _parameters[12].Value = (object?)record.DeploymentRole ?? DBNull.Value;
    }
}
