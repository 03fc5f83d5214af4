using Keel.Data;
using Keel.Data.Profiles;
using Keel.Monitoring.Drift;

namespace Keel.Monitoring.Windows;

/// <summary>
/// Windows over one model's stream of (inputs, predictions): each pane profiles its rows (sketches, so memory does not
/// grow with rows); when a pane closes, the window — the merge of the last <see cref="WindowSpec.Panes"/> panes — is
/// compared with the model's reference profiles (<see cref="ProfileDrift"/>). Count panes close on their last row,
/// time panes at their end, seen by the next <see cref="Add"/> or by <see cref="Tick"/>. Not thread-safe: one owner
/// feeds it.
/// </summary>
public sealed class DriftWindow
{
    private readonly DatasetProfile _reference;
    private readonly DatasetProfile? _predictionReference;
    private readonly DriftOptions _options;
    private readonly Queue<Pane> _closed = new();
    private Pane? _open;

    /// <summary>Windows shaped by <paramref name="spec"/>, compared with <paramref name="reference"/> (inputs) and <paramref name="predictionReference"/> (the prediction column, or null).</summary>
    public DriftWindow(WindowSpec spec, DatasetProfile reference, DatasetProfile? predictionReference, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(reference);
        Spec = spec;
        _reference = reference;
        _predictionReference = predictionReference;
        _options = options ?? new DriftOptions();
    }

    /// <summary>The window shape.</summary>
    public WindowSpec Spec { get; }

    /// <summary>Rows in the pane being filled.</summary>
    public long OpenRows => _open?.Rows ?? 0;

    /// <summary>
    /// Adds a batch scored at <paramref name="at"/>: <paramref name="inputs"/> as the model received them and
    /// <paramref name="predictions"/> as <see cref="Keel.Learning.PredictionColumn.Of"/> gives them.
    /// </summary>
    /// <returns>The windows that closed (a time pane that ended before <paramref name="at"/> closes first).</returns>
    public IReadOnlyList<WindowResult> Add(Frame inputs, Frame predictions, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(predictions);
        var results = new List<WindowResult>();
        results.AddRange(Tick(at));
        var offset = 0;
        while (offset < inputs.RowCount)
        {
            _open ??= new Pane(inputs.Schema, predictions.Schema, _reference.Options, Spec.ByTime ? Align(at) : at);
            var take = Spec.ByTime ? inputs.RowCount - offset : (int)Math.Min(inputs.RowCount - offset, Spec.Step - _open.Rows);
            _open.Add(Slice(inputs, offset, take), Slice(predictions, offset, take));
            offset += take;
            if (!Spec.ByTime && _open.Rows == Spec.Step)
            {
                results.Add(Close(at));
            }
        }
        return results;
    }

    /// <summary>Closes a time pane whose end has passed (count windows: nothing to do).</summary>
    public IReadOnlyList<WindowResult> Tick(DateTimeOffset now)
    {
        if (!Spec.ByTime || _open is null || now < _open.Start + TimeSpan.FromTicks(Spec.Step))
        {
            return [];
        }
        return [Close(_open.Start + TimeSpan.FromTicks(Spec.Step))];
    }

    private WindowResult Close(DateTimeOffset end)
    {
        var pane = _open!;
        _open = null;
        pane.Seal();
        _closed.Enqueue(pane);
        while (_closed.Count > Spec.Panes)
        {
            _closed.Dequeue();
        }
        var panes = _closed.ToArray();
        var inputs = panes[0].Inputs!;
        var predictions = panes[0].Predictions!;
        for (var i = 1; i < panes.Length; i++)
        {
            inputs = DatasetProfile.Merge(inputs, panes[i].Inputs!);
            predictions = DatasetProfile.Merge(predictions, panes[i].Predictions!);
        }
        var names = _reference.Columns.Select(c => c.Name).Where(n => inputs.Columns.Any(c => c.Name == n)).ToList();
        var report = ProfileDrift.Compare(_reference, inputs, _options with { Columns = names, PredictionColumn = null });
        if (_predictionReference is { } trained && trained.Columns[0].Type == predictions.Columns[0].Type && predictions.Columns[0].Count > 0)
        {
            var numeric = trained.Columns[0].Type == ColumnType.Numeric;
            var method = _options.Method.AppliesTo(numeric) ? _options.Method : DriftMethod.Auto;
            report = report with { Prediction = ProfileDrift.Evaluate(trained.Columns[0], predictions.Columns[0], method, _options) };
        }
        return new WindowResult(panes[0].Start, end, panes.Sum(p => p.Rows), report);
    }

    private DateTimeOffset Align(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % Spec.Step), TimeSpan.Zero);

    private static Frame Slice(Frame frame, int offset, int count) =>
        offset == 0 && count == frame.RowCount ? frame : FrameRows.Select(frame, [.. Enumerable.Range(offset, count)]);

    private sealed class Pane(Schema inputs, Schema predictions, ProfileOptions options, DateTimeOffset start)
    {
        private ProfileBuilder? _inputs = new(inputs, options);
        private ProfileBuilder? _predictions = new(predictions, options);

        public DateTimeOffset Start { get; } = start;

        public long Rows { get; private set; }

        public DatasetProfile? Inputs { get; private set; }

        public DatasetProfile? Predictions { get; private set; }

        public void Add(Frame rows, Frame predicted)
        {
            _inputs!.Add(rows);
            _predictions!.Add(predicted);
            Rows += rows.RowCount;
        }

        public void Seal()
        {
            Inputs = _inputs!.Build();
            Predictions = _predictions!.Build();
            (_inputs, _predictions) = (null, null);
        }
    }
}
