using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Keel.Storage;

/// <summary>
/// Reads the inference log with its feedback labels, for export (after replaying journal segments a dead server left):
/// the predictions matching an <see cref="InferenceLogFilter"/>, ordered by time and then prediction id, streamed row by
/// row (memory does not grow with the log). The reader holds one connection in a read transaction, so every
/// <see cref="ReadAsync"/> on it sees the same snapshot even while a server keeps appending: a caller may read twice
/// (e.g. once to collect the columns of a CSV header, once to write the rows) and get the same rows. Not thread-safe;
/// one enumeration at a time. Dispose to end the snapshot.
/// </summary>
public sealed class InferenceLogReader : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _snapshot;
    private readonly InferenceLogFilter _filter;
    private readonly LoggedInputs _inputs;

    private InferenceLogReader(SqliteConnection connection, SqliteTransaction snapshot, InferenceLogFilter filter)
    {
        _connection = connection;
        _snapshot = snapshot;
        _filter = filter;
        _inputs = new LoggedInputs(connection, snapshot);
    }

    /// <summary>Opens a snapshot of <paramref name="store"/>'s inference log restricted to <paramref name="filter"/>.</summary>
    public static async Task<InferenceLogReader> OpenAsync(MetadataStore store, InferenceLogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        // Records a killed server acknowledged but had not yet copied from its journal are stored first.
        await InferenceJournal.RecoverAsync(store, cancellationToken).ConfigureAwait(false);
        var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A deferred transaction takes no lock; in WAL mode its first read pins the snapshot every later read sees.
            var snapshot = connection.BeginTransaction(deferred: true);
            return new InferenceLogReader(connection, snapshot, filter);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The matching predictions, oldest first (ties broken by prediction id).</summary>
    public async IAsyncEnumerable<LabelledPrediction> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var select = Select();
        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var predictionId = reader.GetString(0);
                var inputs = await _inputs.ObjectAsync(predictionId, reader.GetString(6), reader.IsDBNull(15) ? null : reader.GetInt64(15), cancellationToken)
                    .ConfigureAwait(false);
                var record = new InferenceRecord(
                    predictionId, reader.GetString(1), reader.GetStringOrNull(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                    inputs, reader.GetString(7), reader.GetInt64(8), reader.GetTime(9))
                {
                    Deployment = reader.GetStringOrNull(10),
                    DeploymentRevision = reader.IsDBNull(11) ? null : reader.GetInt32(11),
                    DeploymentRole = reader.GetStringOrNull(12),
                };
                yield return new LabelledPrediction(record, reader.GetStringOrNull(13), reader.GetTimeOrNull(14));
            }
        }
    }

    /// <summary>Ends the snapshot and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _snapshot.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private SqliteCommand Select()
    {
        var sql = new StringBuilder("""
            SELECT l.prediction_id, l.inference_id, l.request_id, l.model_name, l.model_version, l.row_index, l.inputs_json, l.outputs_json,
                   l.latency_us, l.at, l.deployment, l.deployment_revision, l.deployment_role, f.label, f.received_at, l.inputs_columns
            FROM inference_log l LEFT JOIN feedback f ON f.prediction_id = l.prediction_id
            WHERE 1 = 1
            """);
        var command = MetadataStore.Command(_connection, _snapshot, "");
        if (_filter.Model is { } model)
        {
            sql.Append(" AND l.model_name = @model");
            command.Bind("@model", model);
        }
        if (_filter.Deployment is { } deployment)
        {
            sql.Append(" AND l.deployment = @deployment");
            command.Bind("@deployment", deployment);
        }
        // Stored times are fixed-width UTC text (StoreTime), so comparing the text compares the times.
        if (_filter.Since is { } since)
        {
            sql.Append(" AND l.at >= @since");
            command.Bind("@since", StoreTime.Format(since));
        }
        if (_filter.Until is { } until)
        {
            sql.Append(" AND l.at < @until");
            command.Bind("@until", StoreTime.Format(until));
        }
        if (_filter.LabelledOnly)
        {
            sql.Append(" AND f.prediction_id IS NOT NULL");
        }
        sql.Append(" ORDER BY l.at, l.prediction_id");
        command.CommandText = sql.ToString();
        return command;
    }
}
