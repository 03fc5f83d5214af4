namespace Keel.Learning.Linear;

/// <summary>
/// F(w, b) = Σᵢ [log(1 + e^{zᵢ}) − yᵢzᵢ] + (λ/2)‖w‖², zᵢ = wᵀxᵢ + b, yᵢ ∈ {0, 1}, intercept unpenalised: the function
/// scikit-learn 1.2's <c>lbfgs</c> solver hands to L-BFGS (λ = 1/C). Parameters are [w₀ … w_{d−1}, b].
/// </summary>
/// <remarks>
/// An evaluation works over <see cref="RowBlocks"/>: per block it scores the rows, turns each score into its loss
/// and residual σ(zᵢ) − yᵢ with one <c>exp</c>, and takes the block's gradient contribution. Blocks run on up to
/// <see cref="MaxDegreeOfParallelism"/> threads; each writes its partial loss and gradient to its own slot, and the
/// slots are added in block order, so the result is bit-identical whatever the thread count. Cost O(n·d) per
/// evaluation; scratch n + ⌈n/2048⌉·(d + 2) doubles, so one instance must not be evaluated from two threads at once.
/// </remarks>
internal sealed class BinaryLogisticLoss : IObjective
{
    private readonly double[][] _columns;
    private readonly double[] _y;
    private readonly double _lambda;
    private readonly bool _fitIntercept;
    private readonly int _rows;
    private readonly int _blocks;
    private readonly double[] _scores;
    private readonly double[] _partials;
    private readonly double[] _point;
    private readonly Action<int> _evaluateBlock;

    public BinaryLogisticLoss(FeatureMatrix x, ReadOnlySpan<int> labels, double lambda, bool fitIntercept)
    {
        _columns = RowBlocks.Columns(x);
        _rows = x.Rows;
        _y = new double[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            _y[i] = labels[i];
        }
        _lambda = lambda;
        _fitIntercept = fitIntercept;
        _blocks = RowBlocks.Count(_rows);
        _scores = new double[_rows];
        _partials = new double[_blocks * PartialStride];
        _point = new double[Dimension];
        _evaluateBlock = EvaluateBlock;
    }

    public int Dimension => _columns.Length + (_fitIntercept ? 1 : 0);

    /// <summary>Threads an evaluation may use; −1 (default) for all cores. Does not change the result.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    // Per block: d gradient sums, the intercept's, the loss.
    private int PartialStride => _columns.Length + 2;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var d = _columns.Length;
        parameters.CopyTo(_point);
        RowBlocks.Run(_blocks, (long)_rows * d, MaxDegreeOfParallelism, _evaluateBlock);

        var loss = RowBlocks.SumPartials(_partials, _blocks, PartialStride, gradient[..Dimension]);
        var w = parameters[..d];
        for (var j = 0; j < d; j++)
        {
            gradient[j] += _lambda * w[j];
        }
        return loss + 0.5 * _lambda * Blas.Dot(w, w);
    }

    private void EvaluateBlock(int block)
    {
        var d = _columns.Length;
        var start = block * RowBlocks.Rows;
        var length = Math.Min(RowBlocks.Rows, _rows - start);
        var z = _scores.AsSpan(start, length);
        var y = _y.AsSpan(start, length);
        z.Fill(_fitIntercept ? _point[d] : 0.0);
        RowBlocks.AddScores(_columns, _point, start, z);
        var loss = 0.0;
        for (var i = 0; i < z.Length; i++)
        {
            var zi = z[i];
            // One exponential serves both: log(1 + eᶻ) = max(z, 0) + log(1 + e^{−|z|}), and σ(z) is 1/(1 + e^{−|z|})
            // for z ≥ 0, else e^{−|z|}/(1 + e^{−|z|}): the side where nothing overflows (as scikit-learn's
            // HalfBinomialLoss).
            var e = Math.Exp(-Math.Abs(zi));
            var onePlus = 1 + e;
            loss += Math.Max(zi, 0) + LogOnePlus(e, onePlus) - y[i] * zi;
            z[i] = (zi >= 0 ? 1 / onePlus : e / onePlus) - y[i];
        }
        var partial = _partials.AsSpan(block * PartialStride, PartialStride);
        RowBlocks.ColumnDots(_columns, start, z, partial);
        partial[d] = _fitIntercept ? Blas.Sum(z) : 0.0;
        partial[d + 1] = loss;
    }

    /// <summary>1 / (1 + e^{−z}), evaluated on the side where the exponential cannot overflow.</summary>
    internal static double Sigmoid(double z)
    {
        if (z >= 0)
        {
            return 1 / (1 + Math.Exp(-z));
        }
        var e = Math.Exp(z);
        return e / (1 + e);
    }

    // log(1 + u) accurate for small u, given v = 1 + u (Goldberg's trick; double.LogP1 computes Log(1 + u) and
    // loses those digits).
    private static double LogOnePlus(double u, double v) => v == 1 ? u : Math.Log(v) * u / (v - 1);
}
