using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Storage;

public sealed class InferenceRecordBatchTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Add_RowsWrittenAsJson_AreStoredAsTheRecordsTheyDescribe()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), TimeProvider.System);
        await using var log = await InferenceLog.OpenAsync(store);
        var request = new InferenceRequest("req", "client-1", "churn", "3", 250, T0) { Deployment = "churn", DeploymentRevision = 2, DeploymentRole = "primary" };
        var batch = new InferenceRecordBatch();
        // Enough rows, with long enough values, to grow the pooled buffer several times.
        var text = new string('x', 700);
        for (var r = 0; r < 40; r++)
        {
            batch.Add(request, r, (r, text),
                static (w, s) => { w.WriteStartObject(); w.WriteNumber("n", s.r); w.WriteString("t", s.text); w.WriteEndObject(); },
                static (w, s) => w.WriteNumberValue(s.r * 0.5));
        }
        Assert.Equal(40, batch.Count);

        await log.AppendAsync(batch);

        var stored = await log.ReadAsync("req");
        Assert.Equal(40, stored.Count);
        for (var r = 0; r < 40; r++)
        {
            var expected = new InferenceRecord($"req:{r}", "req", "client-1", "churn", "3", r, $"{{\"n\":{r},\"t\":\"{text}\"}}",
                (r * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture), 250, T0)
            { Deployment = "churn", DeploymentRevision = 2, DeploymentRole = "primary" };
            Assert.Equal(expected, stored[r]);
        }
    }

    [Fact]
    public void Add_WriterThatThrows_LeavesNoPartOfTheRecord()
    {
        using var batch = new InferenceRecordBatch();
        var request = new InferenceRequest("req", null, "m", "1", 1, T0);
        batch.Add(request, 0, 0, static (w, _) => w.WriteNumberValue(1), static (w, _) => w.WriteNumberValue(2));
        var before = batch.Encoded.ToArray();

        Assert.Throws<InvalidOperationException>(() => batch.Add(request, 1, 0, static (w, _) => w.WriteNumberValue(1), static (_, _) => throw new InvalidOperationException("boom")));
        Assert.Throws<InvalidOperationException>(() => batch.Add(request, 1, 0, static (w, _) => w.WriteNumberValue(1), static (_, _) => { }));

        Assert.Equal(1, batch.Count);
        Assert.Equal(before, batch.Encoded.ToArray());
        Assert.Equal("req:7", InferenceRecordBatch.PredictionId("req", 7));
    }

    [Fact]
    public async Task Add_WithInputColumns_StoresTheNamesOnceAndReadsBackTheObjectWrittenWithNames()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), TimeProvider.System);
        await using var log = await InferenceLog.OpenAsync(store);
        // Names and values that need escaping, a nested value and every kind of JSON scalar, numbers as written.
        string[] names = ["plain", "quote \"q\"", "ação", "flag", "none", "tiny", "nested"];
        var columns = new InferenceInputColumns(names);
        static void Values(Utf8JsonWriter w, int r)
        {
            w.WriteStringValue($"row {r} says \"hi\"\n");
            w.WriteNumberValue(1e-05 * (r + 1));
            w.WriteStringValue("é");
            w.WriteBooleanValue(r % 2 == 0);
            w.WriteNullValue();
            w.WriteNumberValue(17.99);
            w.WriteStartObject();
            w.WriteNumber("depth", r);
            w.WriteEndObject();
        }
        var withColumns = new InferenceRecordBatch();
        var withNames = new InferenceRecordBatch();
        for (var r = 0; r < 3; r++)
        {
            withColumns.Add(new InferenceRequest("compact", null, "m", "1", 5, T0), r, columns, r,
                static (w, r) => { w.WriteStartArray(); Values(w, r); w.WriteEndArray(); }, static (w, _) => w.WriteNumberValue(1));
            withNames.Add(new InferenceRequest("named", null, "m", "1", 5, T0), r, (names, r),
                static (w, s) =>
                {
                    // The same values, each after its name: what the log stored before it named columns once.
                    var values = new ArrayBufferWriter<byte>();
                    using (var inner = new Utf8JsonWriter(values))
                    {
                        inner.WriteStartArray();
                        Values(inner, s.r);
                        inner.WriteEndArray();
                    }
                    using var array = JsonDocument.Parse(values.WrittenMemory);
                    w.WriteStartObject();
                    var c = 0;
                    foreach (var value in array.RootElement.EnumerateArray())
                    {
                        w.WritePropertyName(s.names[c++]);
                        value.WriteTo(w);
                    }
                    w.WriteEndObject();
                },
                static (w, _) => w.WriteNumberValue(1));
        }

        // Another request with an equal set of columns (a separate instance) shares its stored names.
        var again = new InferenceRecordBatch();
        again.Add(new InferenceRequest("again", null, "m", "1", 5, T0), 0, new InferenceInputColumns(names), 0,
            static (w, r) => { w.WriteStartArray(); Values(w, r); w.WriteEndArray(); }, static (w, _) => w.WriteNumberValue(1));

        await log.AppendAsync(withColumns);
        await log.AppendAsync(again);
        await log.AppendAsync(withNames);

        var compact = await log.ReadAsync("compact");
        var named = await log.ReadAsync("named");
        Assert.Equal(3, compact.Count);
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal(named[r].InputsJson, compact[r].InputsJson);
            using var inputs = JsonDocument.Parse(compact[r].InputsJson);
            Assert.Equal(1e-05 * (r + 1), inputs.RootElement.GetProperty("quote \"q\"").GetDouble());
            Assert.Equal($"row {r} says \"hi\"\n", inputs.RootElement.GetProperty("plain").GetString());
            Assert.Equal(r, inputs.RootElement.GetProperty("nested").GetProperty("depth").GetInt32());
        }
        Assert.Equal(compact[0].InputsJson, (await log.ReadAsync("again"))[0].InputsJson);
        await using var connection = new SqliteConnection($"Data Source={_temp.Combine("keel.db")}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM inference_log_columns),
                   (SELECT COUNT(DISTINCT inputs_columns) FROM inference_log WHERE inference_id IN ('compact', 'again')),
                   (SELECT COUNT(*) FROM inference_log WHERE inference_id = 'named' AND inputs_columns IS NULL),
                   (SELECT inputs_json FROM inference_log WHERE prediction_id = 'compact:0'),
                   (SELECT names_json FROM inference_log_columns)
            """;
        using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt64(0));
        Assert.Equal(1, reader.GetInt64(1));
        Assert.Equal(3, reader.GetInt64(2));
        Assert.StartsWith("[\"row 0 says", reader.GetString(3), StringComparison.Ordinal);
        Assert.Equal(names, JsonSerializer.Deserialize<string[]>(reader.GetString(4)));
        await reader.CloseAsync();
        // The README's query for SQL users gives the same objects (SQLite escapes fewer characters in names).
        command.CommandText = """
            SELECT CASE WHEN l.inputs_columns IS NULL THEN l.inputs_json
                        ELSE (SELECT json_group_object(n.value, json(l.inputs_json -> n.key))
                              FROM inference_log_columns c, json_each(c.names_json) n WHERE c.id = l.inputs_columns) END AS inputs
            FROM inference_log l WHERE l.inference_id IN ('compact', 'named') ORDER BY l.inference_id, l.row_index
            """;
        using var query = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await query.ReadAsync())
        {
            rows.Add(query.GetString(0));
        }
        string[] expected = [.. compact.Select(r => r.InputsJson), .. named.Select(r => r.InputsJson)];
        Assert.Equal(expected.Length, rows.Count);
        Assert.All(expected.Zip(rows), pair => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pair.First), JsonNode.Parse(pair.Second)), pair.Second));
    }

    [Fact]
    public void Add_RecordWhoseInputsHoldAZeroCharacter_IsRefused()
    {
        using var batch = new InferenceRecordBatch();
        var record = new InferenceRecord("req:0", "req", null, "m", "1", 0, "[\"a\"]\0[1]", "2", 1, T0);

        var error = Assert.Throws<ArgumentException>(() => batch.Add(record));

        Assert.Contains("req:0", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Add_WithInputColumnsButNoArray_IsRefusedWhole()
    {
        using var batch = new InferenceRecordBatch();
        var request = new InferenceRequest("req", null, "m", "1", 1, T0);

        var error = Assert.Throws<InvalidOperationException>(() => batch.Add(request, 0, new InferenceInputColumns(["a"]), 0,
            static (w, _) => { w.WriteStartObject(); w.WriteNumber("a", 1); w.WriteEndObject(); }, static (w, _) => w.WriteNumberValue(2)));

        Assert.Contains("JSON array", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, batch.Count);
        Assert.True(batch.Encoded.IsEmpty);
    }
}
