using System.Text;

namespace Keel.Benchmarks;

/// <summary>
/// Writes a wide synthetic CSV for the streaming-monitoring benchmark (<c>bench/monitor_at_scale.sh</c>):
/// <c>COLS</c> columns in all: <c>cat0..cat4</c> categorical (5 to 25 levels, skewed), the rest numeric
/// <c>f000..</c> (by column index: normal, uniform, exponential or integer counts, each with its own location and
/// scale, written with 4 decimals), plus a binary label <c>y</c> from a logistic function of the first eight numeric
/// columns and <c>cat0</c>. With <c>shift</c> &gt; 0 the first ten numeric columns move by that many of their own
/// scales (drift for the monitor to find). Rows are made in blocks of 4,096, each from its own seed (SEED, block), so
/// the file is the same whatever the thread count; blocks are formatted in parallel and written in order.
/// Usage: <c>Keel.Benchmarks gen-wide OUT ROWS COLS SEED [SHIFT]</c>.
/// </summary>
internal static class WideCsvGenerator
{
    private const int BlockRows = 4096;
    private const int Categoricals = 5;

    public static void Run(string path, long rows, int columns, int seed, double shift)
    {
        var numeric = columns - Categoricals;
        if (numeric < 8)
        {
            throw new ArgumentException("need at least 13 columns");
        }
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var header = new StringBuilder();
        for (var j = 0; j < numeric; j++)
        {
            header.Append('f').Append(j.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Append(',');
        }
        for (var j = 0; j < Categoricals; j++)
        {
            header.Append("cat").Append(j).Append(',');
        }
        header.Append("y\n");
        output.Write(Encoding.ASCII.GetBytes(header.ToString()));

        var blocks = (rows + BlockRows - 1) / BlockRows;
        var workers = Math.Max(1, Environment.ProcessorCount);
        var window = workers * 4L;
        for (long first = 0; first < blocks; first += window)
        {
            var count = (int)Math.Min(window, blocks - first);
            var buffers = new byte[count][];
            var lengths = new int[count];
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers }, b =>
            {
                var block = first + b;
                var n = (int)Math.Min(BlockRows, rows - (block * BlockRows));
                var buffer = new byte[n * ((numeric * 12) + (Categoricals * 8) + 4)];
                lengths[b] = Block(buffer, n, numeric, seed, block, shift);
                buffers[b] = buffer;
            });
            for (var b = 0; b < count; b++)
            {
                output.Write(buffers[b], 0, lengths[b]);
            }
        }
    }

    private static int Block(byte[] buffer, int n, int numeric, int seed, long block, double shift)
    {
        var rng = new Random(HashCode.Combine(seed, block));
        var pos = 0;
        Span<double> row = stackalloc double[8];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < numeric; j++)
            {
                var scale = 1.0 + (j % 7 * 0.5);
                var location = (j % 11) - 5.0;
                var x = (j % 4) switch
                {
                    0 => Normal(rng),
                    1 => (rng.NextDouble() * 2) - 1,
                    2 => -Math.Log(1 - rng.NextDouble()),
                    _ => Math.Floor(-Math.Log(1 - rng.NextDouble()) * 3),
                };
                x = (x * scale) + location + (j < 10 ? shift * scale : 0);
                if (j < row.Length)
                {
                    row[j] = (x - location) / scale;
                }
                pos = WriteFixed4(buffer, pos, x);
                buffer[pos++] = (byte)',';
            }
            var cat0 = 0;
            for (var c = 0; c < Categoricals; c++)
            {
                var levels = 5 + (5 * c);
                var u = rng.NextDouble();
                var level = (int)(levels * u * u); // skewed towards the first levels
                cat0 = c == 0 ? level : cat0;
                buffer[pos++] = (byte)('a' + c);
                pos = WriteInt(buffer, pos, level);
                buffer[pos++] = (byte)',';
            }
            var z = (0.8 * row[0]) - (0.6 * row[1]) + (0.5 * row[2]) + (0.4 * row[3]) - (0.3 * row[4]) + (0.2 * row[5])
                + (0.3 * row[6]) - (0.2 * row[7]) + (cat0 == 0 ? 0.7 : cat0 == 1 ? -0.4 : 0);
            buffer[pos++] = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? (byte)'1' : (byte)'0';
            buffer[pos++] = (byte)'\n';
        }
        return pos;
    }

    private static double Normal(Random rng)
    {
        var u = 1.0 - rng.NextDouble();
        var v = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>x rounded to 4 decimals, as "-12.3456" (no exponent; "-0.0000" never: a rounded zero is "0.0000").</summary>
    private static int WriteFixed4(byte[] buffer, int pos, double x)
    {
        var scaled = (long)Math.Round(x * 10_000, MidpointRounding.ToEven);
        if (scaled < 0)
        {
            buffer[pos++] = (byte)'-';
            scaled = -scaled;
        }
        pos = WriteInt(buffer, pos, scaled / 10_000);
        buffer[pos++] = (byte)'.';
        var frac = scaled % 10_000;
        buffer[pos++] = (byte)('0' + (frac / 1000));
        buffer[pos++] = (byte)('0' + (frac / 100 % 10));
        buffer[pos++] = (byte)('0' + (frac / 10 % 10));
        buffer[pos++] = (byte)('0' + (frac % 10));
        return pos;
    }

    private static int WriteInt(byte[] buffer, int pos, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        var k = 0;
        do
        {
            digits[k++] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value > 0);
        while (k > 0)
        {
            buffer[pos++] = digits[--k];
        }
        return pos;
    }
}
