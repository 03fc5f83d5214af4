using Keel.Monitoring.Drift;
using Keel.Storage;

namespace Keel.Monitoring.Windows;

/// <summary>Closed monitoring windows in the metadata store (table <c>monitoring_windows</c>), for drift over time. Thread-safe.</summary>
public sealed class WindowHistory(MetadataStore store)
{
    private readonly MetadataStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>The record of <paramref name="window"/> for a model served as <paramref name="role"/> of <paramref name="deployment"/> ("" for none).</summary>
    public static WindowRecord Of(WindowResult window, string deployment, string role, string modelName, string modelVersion)
    {
        ArgumentNullException.ThrowIfNull(window);
        var prediction = window.Drift.Prediction;
        return new WindowRecord(deployment, role, modelName, modelVersion, window.Start, window.End, window.Rows,
            window.Drift.DatasetDrift, window.Drift.DriftShare,
            prediction is null || !double.IsFinite(prediction.Statistic) ? null : prediction.Statistic, prediction?.Drift,
            DriftReportJson.ToJson(window.Drift).ToJsonString());
    }

    /// <summary>Stores one window.</summary>
    public Task AppendAsync(WindowRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _store.WriteAsync(async (connection, transaction, _) =>
        {
            using var insert = MetadataStore.Command(connection, transaction, """
                INSERT INTO monitoring_windows (deployment, role, model_name, model_version, window_start, window_end, rows_seen,
                    dataset_drift, drift_share, prediction_statistic, prediction_drift, report_json)
                VALUES (@deployment, @role, @model, @version, @start, @end, @rows, @drift, @share, @pstat, @pdrift, @report)
                """);
            return await insert.Bind("@deployment", record.Deployment).Bind("@role", record.Role).Bind("@model", record.ModelName)
                .Bind("@version", record.ModelVersion).Bind("@start", StoreTime.Format(record.Start)).Bind("@end", StoreTime.Format(record.End))
                .Bind("@rows", record.Rows).Bind("@drift", record.DatasetDrift ? 1 : 0).Bind("@share", record.DriftShare)
                .Bind("@pstat", record.PredictionStatistic).Bind("@pdrift", record.PredictionDrift is { } d ? (d ? 1 : 0) : null)
                .Bind("@report", record.ReportJson).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// The windows of a deployment (or, with <paramref name="deployment"/> "", of models served directly), optionally of
    /// one model, oldest first; at most the last <paramref name="limit"/>.
    /// </summary>
    public Task<IReadOnlyList<WindowRecord>> ListAsync(string deployment, string? modelName = null, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return _store.ReadAsync<IReadOnlyList<WindowRecord>>(async connection =>
        {
            using var select = MetadataStore.Command(connection, null, """
                SELECT deployment, role, model_name, model_version, window_start, window_end, rows_seen, dataset_drift, drift_share,
                       prediction_statistic, prediction_drift, report_json
                FROM (SELECT * FROM monitoring_windows WHERE deployment = @deployment AND (@model IS NULL OR model_name = @model)
                      ORDER BY window_end DESC, id DESC LIMIT @limit)
                ORDER BY window_end, id
                """);
            var rows = await select.Bind("@deployment", deployment).Bind("@model", modelName).Bind("@limit", limit).ListAsync(r => new WindowRecord(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetTime(4), r.GetTime(5), r.GetInt64(6), r.GetInt64(7) == 1,
                r.GetDouble(8), r.IsDBNull(9) ? null : r.GetDouble(9), r.IsDBNull(10) ? null : r.GetInt64(10) == 1, r.GetString(11)),
                cancellationToken).ConfigureAwait(false);
            return rows;
        }, cancellationToken);
    }
}
