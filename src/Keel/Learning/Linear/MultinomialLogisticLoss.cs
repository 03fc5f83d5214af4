namespace Keel.Learning.Linear;

/// <summary>
/// F(W, b) = Σᵢ [log Σₖ e^{zᵢₖ} − zᵢ,yᵢ] + (λ/2)‖W‖²_F, zᵢₖ = wₖᵀxᵢ + bₖ: softmax cross-entropy with one weight
/// vector per class (the symmetric, over-parameterised form scikit-learn's multinomial <c>lbfgs</c> fit uses;
/// the penalty makes W unique, and because every gradient's intercept part sums to 0 over the classes, L-BFGS
/// started at 0 keeps Σₖ bₖ = 0). Parameters are W row-major (K × d), then b (K).
/// </summary>
/// <remarks>
/// Evaluated over <see cref="RowBlocks"/> like <see cref="BinaryLogisticLoss"/>: per block, K score slices, the
/// softmax row by row, then the block's gradient contribution; partial results are added in block order, so the
/// result is bit-identical whatever <see cref="MaxDegreeOfParallelism"/> is. Cost O(n·d·K) per evaluation; scratch
/// K·n + ⌈n/2048⌉·(K·(d + 1) + 1) doubles: not for concurrent evaluation.
/// </remarks>
internal sealed class MultinomialLogisticLoss : IObjective
{
    private readonly double[][] _columns;
    private readonly int[] _labels;
    private readonly int _classes;
    private readonly double _lambda;
    private readonly bool _fitIntercept;
    private readonly int _rows;
    private readonly int _blocks;
    private readonly double[] _scores;
    private readonly double[] _partials;
    private readonly double[] _point;
    private readonly Action<int> _evaluateBlock;

    public MultinomialLogisticLoss(FeatureMatrix x, ReadOnlySpan<int> labels, int classes, double lambda, bool fitIntercept)
    {
        _columns = RowBlocks.Columns(x);
        _rows = x.Rows;
        _labels = labels.ToArray();
        _classes = classes;
        _lambda = lambda;
        _fitIntercept = fitIntercept;
        _blocks = RowBlocks.Count(_rows);
        _scores = new double[classes * _rows];
        _partials = new double[_blocks * PartialStride];
        _point = new double[Dimension];
        _evaluateBlock = EvaluateBlock;
    }

    public int Dimension => _classes * (_columns.Length + (_fitIntercept ? 1 : 0));

    /// <summary>Threads an evaluation may use; −1 (default) for all cores. Does not change the result.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    // Per block: K·d gradient sums (W's layout), K intercept sums, the loss.
    private int PartialStride => _classes * (_columns.Length + 1) + 1;

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var kd = _classes * _columns.Length;
        parameters.CopyTo(_point);
        RowBlocks.Run(_blocks, (long)_rows * kd, MaxDegreeOfParallelism, _evaluateBlock);

        var loss = RowBlocks.SumPartials(_partials, _blocks, PartialStride, gradient[..Dimension]);
        var w = parameters[..kd];
        for (var j = 0; j < kd; j++)
        {
            gradient[j] += _lambda * w[j];
        }
        return loss + 0.5 * _lambda * Blas.Dot(w, w);
    }

    private void EvaluateBlock(int block)
    {
        var d = _columns.Length;
        var k = _classes;
        var start = block * RowBlocks.Rows;
        var length = Math.Min(RowBlocks.Rows, _rows - start);
        // The block's scores class by class: slice c holds z·c for the block's rows.
        var z = _scores.AsSpan(k * start, k * length);
        for (var c = 0; c < k; c++)
        {
            var slice = z.Slice(c * length, length);
            slice.Fill(_fitIntercept ? _point[k * d + c] : 0.0);
            RowBlocks.AddScores(_columns, _point.AsSpan(c * d, d), start, slice);
        }
        var loss = 0.0;
        for (var i = 0; i < length; i++)
        {
            var max = double.NegativeInfinity;
            for (var c = 0; c < k; c++)
            {
                max = Math.Max(max, z[c * length + i]);
            }
            var label = _labels[start + i];
            var labelScore = z[label * length + i];
            var sum = 0.0;
            for (var c = 0; c < k; c++)
            {
                var e = Math.Exp(z[c * length + i] - max);
                z[c * length + i] = e;
                sum += e;
            }
            loss += max + Math.Log(sum) - labelScore;
            for (var c = 0; c < k; c++)
            {
                z[c * length + i] /= sum;
            }
            z[label * length + i] -= 1;
        }
        var partial = _partials.AsSpan(block * PartialStride, PartialStride);
        for (var c = 0; c < k; c++)
        {
            var residual = z.Slice(c * length, length);
            RowBlocks.ColumnDots(_columns, start, residual, partial.Slice(c * d, d));
            partial[k * d + c] = _fitIntercept ? Blas.Sum(residual) : 0.0;
        }
        partial[^1] = loss;
    }
}
