namespace Keel.Learning.Explain;

/// <summary>
/// SHAP values of a tree ensemble: per output, a rows × features matrix φ and the expected explained output, such that
/// <see cref="ExpectedValue"/>[k] + Σ_j φ[k][row, j] equals the explained output of the row for output k: the raw score
/// for a <see cref="Trees.GbdtModel"/>, the averaged tree output (class probabilities before normalisation, or the prediction) for
/// a <see cref="Trees.RandomForestModel"/>; see the <see cref="TreeShap"/> overloads. Immutable; thread-safe.
/// </summary>
public sealed class ShapValues
{
    private readonly double[][] _values;
    private readonly double[] _expected;

    internal ShapValues(double[][] values, double[] expected, int rows, int features)
    {
        _values = values;
        _expected = expected;
        Rows = rows;
        Features = features;
    }

    /// <summary>Number of explained rows.</summary>
    public int Rows { get; }

    /// <summary>Number of features (the model's feature order).</summary>
    public int Features { get; }

    /// <summary>Number of explained outputs (the model's <c>OutputCount</c>: one per class for multiclass, otherwise 1).</summary>
    public int Outputs => _expected.Length;

    /// <summary>Per output, the mean explained output over the background data (baseline + Σ trees' cover-weighted mean leaf).</summary>
    public IReadOnlyList<double> ExpectedValue => _expected;

    /// <summary>φ of output <paramref name="output"/>, row-major: [row·<see cref="Features"/> + feature].</summary>
    public ReadOnlySpan<double> Values(int output) => _values[output];

    /// <summary>φ of one feature for one row and output.</summary>
    public double this[int output, int row, int feature] => _values[output][(row * Features) + feature];
}
