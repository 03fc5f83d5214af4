namespace Keel.Storage;

/// <summary>
/// The metadata schema's history, embedded in code. Append new migrations at the end; never
/// edit one that has shipped (databases in the field have recorded it as applied).
/// </summary>
public static class SchemaMigrations
{
    private const int DeploymentsVersion = 4;

    private const int DeploymentLoggingVersion = 5;

    private const int FeedbackVersion = 6;

    private const int MonitoringWindowsVersion = 7;

    private const int RetrainsVersion = 8;

    private const int LeanerLogIndexesVersion = 9;

    private const int LogInputColumnsVersion = 10;

    /// <summary>The highest schema version this build knows.</summary>
    public static int LatestVersion => LogInputColumnsVersion;

    /// <summary>All migrations in version order, rendered for <paramref name="dialect"/>.</summary>
    public static IReadOnlyList<Migration> For(ISqlDialect dialect) =>
    [
        new(1, "dataset versions and audit log", DatasetVersions(dialect)),
        new(2, "runs, step cache, model registry and webhooks", RunsAndRegistry(dialect)),
        new(3, "inference log and workspace secrets", InferenceLog(dialect)),
        new(DeploymentsVersion, "deployments", Deployments(dialect)),
        new(DeploymentLoggingVersion, "inference log deployment columns", DeploymentLogging),
        new(FeedbackVersion, "feedback labels", Feedback),
        new(MonitoringWindowsVersion, "monitoring windows", MonitoringWindows(dialect)),
        new(RetrainsVersion, "retrains", Retrains(dialect)),
        new(LeanerLogIndexesVersion, "leaner inference log indexes", LeanerLogIndexes),
        new(LogInputColumnsVersion, "inference log input columns named once", LogInputColumns(dialect)),
    ];

    // A row's inputs_json was a JSON object naming every column: three quarters of the row's bytes, written again for
    // every prediction (bench/RESULTS.md measures what that cost the server). A row with inputs_columns holds the
    // values alone, a JSON array in the order of the names that inference_log_columns row lists (a JSON array of
    // strings, stored once per set of columns); a row without keeps its object. InferenceLog and InferenceLogReader
    // read both as the object.
    private static string LogInputColumns(ISqlDialect d) => $"""
        CREATE TABLE inference_log_columns (
            id         {d.IdentityColumn},
            names_json TEXT NOT NULL UNIQUE
        );
        ALTER TABLE inference_log ADD COLUMN inputs_columns {d.BigIntType} REFERENCES inference_log_columns (id);
        """;

    // Every index of inference_log is written by every commit of the serving path, one page image each in the WAL:
    // the inference-id index goes (a request's records are a range of the primary key, '{inference_id}:{row}'), and
    // the deployment index no longer holds the rows of models served directly.
    private const string LeanerLogIndexes = """
        DROP INDEX inference_log_by_inference;
        DROP INDEX inference_log_by_deployment;
        CREATE INDEX inference_log_by_deployment ON inference_log (deployment, deployment_revision) WHERE deployment IS NOT NULL;
        """;

    // One row per retrain of a deployment by its policy; every change of outcome is also in the audit log.
    private static string Retrains(ISqlDialect d) => $"""
        CREATE TABLE retrains (
            id          {d.IdentityColumn},
            deployment  TEXT NOT NULL,
            cause       TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            outcome     TEXT NOT NULL CHECK (outcome IN ('awaiting_approval', 'running', 'promoted', 'rejected', 'rolled_back', 'failed', 'declined')),
            run_id      {d.BigIntType} REFERENCES runs (id),
            candidate   TEXT,
            detail      TEXT
        );
        CREATE INDEX retrains_by_deployment ON retrains (deployment, started_at);
        """;

    // One row per closed monitoring window: the summary to chart over time, and the whole drift report as JSON.
    // deployment is '' for a model served directly; role is primary, candidate, shadow or '' likewise.
    private static string MonitoringWindows(ISqlDialect d) => $"""
        CREATE TABLE monitoring_windows (
            id                   {d.IdentityColumn},
            deployment           TEXT NOT NULL,
            role                 TEXT NOT NULL,
            model_name           TEXT NOT NULL,
            model_version        TEXT NOT NULL,
            window_start         TEXT NOT NULL,
            window_end           TEXT NOT NULL,
            rows_seen            {d.BigIntType} NOT NULL CHECK (rows_seen >= 0),
            dataset_drift        INTEGER NOT NULL CHECK (dataset_drift IN (0, 1)),
            drift_share          REAL NOT NULL,
            prediction_statistic REAL,
            prediction_drift     INTEGER CHECK (prediction_drift IN (0, 1)),
            report_json          TEXT NOT NULL
        );
        CREATE INDEX monitoring_windows_by_subject ON monitoring_windows (deployment, model_name, window_end);
        """;

    // One true label per prediction (a later one replaces an earlier one); the label is text, as classes are, and a
    // regression target is its invariant-culture number.
    private const string Feedback = """
        CREATE TABLE feedback (
            prediction_id TEXT NOT NULL PRIMARY KEY REFERENCES inference_log (prediction_id),
            label         TEXT NOT NULL,
            received_at   TEXT NOT NULL
        );
        """;

    // Nullable: a prediction of a model served without a deployment has none. The role is primary, candidate or
    // shadow (a shadow's output is logged, never answered).
    private const string DeploymentLogging = """
        ALTER TABLE inference_log ADD COLUMN deployment TEXT;
        ALTER TABLE inference_log ADD COLUMN deployment_revision INTEGER;
        ALTER TABLE inference_log ADD COLUMN deployment_role TEXT CHECK (deployment_role IN ('primary', 'candidate', 'shadow'));
        CREATE INDEX inference_log_by_deployment ON inference_log (deployment, deployment_revision);
        """;

    private static string DatasetVersions(ISqlDialect d) => $"""
        CREATE TABLE datasets (
            name        TEXT NOT NULL PRIMARY KEY,
            created_at  TEXT NOT NULL DEFAULT {d.CurrentTimestampDefault}
        );

        CREATE TABLE dataset_versions (
            id           {d.IdentityColumn},
            dataset      TEXT NOT NULL REFERENCES datasets (name),
            version      INTEGER NOT NULL CHECK (version >= 1),
            content_id   TEXT NOT NULL,
            schema_json  TEXT NOT NULL,
            profile_json TEXT NOT NULL,
            row_count    {d.BigIntType} NOT NULL CHECK (row_count >= 0),
            column_count INTEGER NOT NULL CHECK (column_count >= 0),
            byte_size    {d.BigIntType} NOT NULL CHECK (byte_size >= 0),
            source       TEXT,
            created_at   TEXT NOT NULL DEFAULT {d.CurrentTimestampDefault},
            UNIQUE (dataset, version),
            UNIQUE (dataset, content_id)
        );

        CREATE TABLE audit_log (
            id           {d.IdentityColumn},
            at           TEXT NOT NULL DEFAULT {d.CurrentTimestampDefault},
            actor        TEXT NOT NULL,
            action       TEXT NOT NULL,
            subject      TEXT NOT NULL,
            details_json TEXT
        );
        CREATE INDEX audit_log_subject ON audit_log (subject, id);
        {d.AppendOnlyGuard("audit_log")}
        """;

    private static string RunsAndRegistry(ISqlDialect d) => $"""
        CREATE TABLE runs (
            id             {d.IdentityColumn},
            pipeline       TEXT NOT NULL,
            status         TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
            trigger_kind   TEXT NOT NULL,
            trigger_detail TEXT,
            spec_path      TEXT,
            spec_json      TEXT,
            owner          TEXT,
            started_at     TEXT NOT NULL,
            ended_at       TEXT,
            error          TEXT
        );
        CREATE INDEX runs_pipeline ON runs (pipeline, id);

        CREATE TABLE run_params (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            name   TEXT NOT NULL,
            value  TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        );

        CREATE TABLE run_metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            name   TEXT NOT NULL,
            step   INTEGER NOT NULL,
            value  REAL,
            at     TEXT NOT NULL,
            PRIMARY KEY (run_id, name, step)
        );

        CREATE TABLE run_steps (
            run_id     INTEGER NOT NULL REFERENCES runs (id),
            name       TEXT NOT NULL,
            status     TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
            attempts   INTEGER NOT NULL DEFAULT 0,
            cache_key  TEXT,
            cached     INTEGER NOT NULL DEFAULT 0,
            started_at TEXT,
            ended_at   TEXT,
            error      TEXT,
            outputs_json TEXT,
            PRIMARY KEY (run_id, name)
        );

        CREATE TABLE run_artifacts (
            run_id     INTEGER NOT NULL REFERENCES runs (id),
            name       TEXT NOT NULL,
            content_id TEXT NOT NULL,
            byte_size  {d.BigIntType} NOT NULL,
            PRIMARY KEY (run_id, name)
        );

        CREATE TABLE run_inputs (
            run_id     INTEGER NOT NULL REFERENCES runs (id),
            kind       TEXT NOT NULL,
            reference  TEXT NOT NULL,
            content_id TEXT,
            PRIMARY KEY (run_id, kind, reference)
        );

        CREATE TABLE run_logs (
            id      {d.IdentityColumn},
            run_id  INTEGER NOT NULL REFERENCES runs (id),
            step    TEXT,
            at      TEXT NOT NULL,
            level   TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE INDEX run_logs_run ON run_logs (run_id, id);

        CREATE TABLE step_cache (
            cache_key    TEXT NOT NULL PRIMARY KEY,
            step         TEXT NOT NULL,
            outputs_json TEXT NOT NULL,
            run_id       INTEGER NOT NULL,
            created_at   TEXT NOT NULL
        );

        CREATE TABLE registered_models (
            name        TEXT NOT NULL PRIMARY KEY,
            description TEXT,
            created_at  TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        );

        CREATE TABLE model_versions (
            name         TEXT NOT NULL REFERENCES registered_models (name),
            version      INTEGER NOT NULL CHECK (version >= 1),
            content_id   TEXT NOT NULL,
            algorithm    TEXT NOT NULL,
            task         TEXT NOT NULL,
            metrics_json TEXT NOT NULL,
            run_id       INTEGER REFERENCES runs (id),
            source       TEXT,
            description  TEXT,
            archived     INTEGER NOT NULL DEFAULT 0,
            created_at   TEXT NOT NULL,
            PRIMARY KEY (name, version),
            UNIQUE (name, content_id)
        );

        CREATE TABLE model_tags (
            name    TEXT NOT NULL REFERENCES registered_models (name),
            version INTEGER NOT NULL,
            key     TEXT NOT NULL,
            value   TEXT NOT NULL,
            PRIMARY KEY (name, version, key)
        );

        CREATE TABLE model_aliases (
            name       TEXT NOT NULL REFERENCES registered_models (name),
            alias      TEXT NOT NULL,
            version    INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (name, alias),
            FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
        );

        CREATE TABLE model_alias_history (
            id               {d.IdentityColumn},
            name             TEXT NOT NULL,
            alias            TEXT NOT NULL,
            version          INTEGER,
            previous_version INTEGER,
            at               TEXT NOT NULL,
            actor            TEXT NOT NULL,
            reason           TEXT
        );
        CREATE INDEX model_alias_history_alias ON model_alias_history (name, alias, id);
        {d.AppendOnlyGuard("model_alias_history")}

        CREATE TABLE webhooks (
            id         {d.IdentityColumn},
            url        TEXT NOT NULL,
            events     TEXT NOT NULL,
            secret     TEXT,
            created_at TEXT NOT NULL
        );

        CREATE TABLE registry_events (
            id           {d.IdentityColumn},
            kind         TEXT NOT NULL,
            subject      TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            at           TEXT NOT NULL
        );

        CREATE TABLE webhook_deliveries (
            event_id     INTEGER NOT NULL REFERENCES registry_events (id),
            webhook_id   INTEGER NOT NULL REFERENCES webhooks (id),
            status       TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
            attempts     INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT NOT NULL,
            last_error   TEXT,
            delivered_at TEXT,
            PRIMARY KEY (event_id, webhook_id)
        );
        """;

    private static string InferenceLog(ISqlDialect d) => $"""
        CREATE TABLE workspace_secrets (
            name       TEXT NOT NULL PRIMARY KEY,
            value      TEXT NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE inference_log (
            prediction_id TEXT NOT NULL PRIMARY KEY,
            inference_id  TEXT NOT NULL,
            request_id    TEXT,
            model_name    TEXT NOT NULL,
            model_version TEXT NOT NULL,
            row_index     INTEGER NOT NULL CHECK (row_index >= 0),
            inputs_json   TEXT NOT NULL,
            outputs_json  TEXT NOT NULL,
            latency_us    {d.BigIntType} NOT NULL CHECK (latency_us >= 0),
            at            TEXT NOT NULL
        );
        CREATE INDEX inference_log_by_model ON inference_log (model_name, at);
        CREATE INDEX inference_log_by_inference ON inference_log (inference_id);
        """;

    private static string Deployments(ISqlDialect d) => $"""
        CREATE TABLE deployments (
            name             TEXT NOT NULL PRIMARY KEY,
            current_revision INTEGER NOT NULL CHECK (current_revision >= 1),
            created_at       TEXT NOT NULL,
            updated_at       TEXT NOT NULL
        );

        CREATE TABLE deployment_revisions (
            deployment      TEXT NOT NULL REFERENCES deployments (name),
            revision        INTEGER NOT NULL CHECK (revision >= 1),
            strategy        TEXT NOT NULL CHECK (strategy IN ('single', 'blue_green', 'canary', 'shadow', 'ab')),
            primary_model   TEXT NOT NULL,
            candidate_model TEXT,
            parameters_json TEXT NOT NULL,
            change          TEXT NOT NULL CHECK (change IN ('created', 'revised', 'switched', 'canary_step', 'promoted', 'canary_rollback', 'rollback')),
            source_revision INTEGER,
            created_at      TEXT NOT NULL,
            actor           TEXT NOT NULL,
            reason          TEXT,
            PRIMARY KEY (deployment, revision)
        );
        {d.AppendOnlyGuard("deployment_revisions")}
        """;
}
