using Keel.Monitoring.Metrics;

namespace Keel.Tests.Monitoring.Metrics;

/// <summary>
/// The text exposition format 0.0.4 as prometheus.io/docs/instrumenting/exposition_formats specifies it: the expected
/// texts follow the spec's own examples (HELP/TYPE lines, escaping, cumulative histogram buckets with le="+Inf",
/// _sum and _count). The server tests also pass a live scrape through promtool and a real Prometheus.
/// </summary>
public sealed class PrometheusExpositionTests
{
    [Fact]
    public void Exposition_CountersAndGauges_SortedByNameWithHelpTypeAndLabels()
    {
        var registry = new MetricRegistry();
        var requests = registry.Counter("http_requests_total", "The total number of HTTP requests.", "method", "code");
        requests.WithLabels("post", "200").Add(1027);
        requests.WithLabels("post", "400").Add(3);
        registry.Gauge("a_temperature_celsius", "Now.").WithLabels().Set(-1.5);

        Assert.Equal("""
            # HELP a_temperature_celsius Now.
            # TYPE a_temperature_celsius gauge
            a_temperature_celsius -1.5
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027
            http_requests_total{method="post",code="400"} 3

            """.Replace("\r\n", "\n", StringComparison.Ordinal), registry.Exposition());
    }

    [Fact]
    public void Exposition_EscapesLabelValuesAndHelpAsTheSpecSays()
    {
        var registry = new MetricRegistry();
        registry.Gauge("msdos_file_access_time_seconds", "Help with \\ and\nnewline.", "path", "error")
            .WithLabels(@"C:\DIR\FILE.TXT", "Cannot find file:\n\"FILE.TXT\"").Set(1.458255915e9);

        Assert.Equal("""
            # HELP msdos_file_access_time_seconds Help with \\ and\nnewline.
            # TYPE msdos_file_access_time_seconds gauge
            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1458255915

            """.Replace("\r\n", "\n", StringComparison.Ordinal), registry.Exposition());
    }

    [Fact]
    public void Exposition_Histogram_CumulativeBucketsInfSumAndCount()
    {
        var registry = new MetricRegistry();
        var latency = registry.Histogram("http_request_duration_seconds", "A histogram of the request duration.", [0.05, 0.1, 0.2, 0.5, 1]).WithLabels();
        foreach (var value in new[] { 0.01, 0.05, 0.07, 0.3, 0.3, 0.9, 4, double.NaN })
        {
            latency.Observe(value);
        }

        Assert.Equal("""
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 2
            http_request_duration_seconds_bucket{le="0.1"} 3
            http_request_duration_seconds_bucket{le="0.2"} 3
            http_request_duration_seconds_bucket{le="0.5"} 5
            http_request_duration_seconds_bucket{le="1"} 6
            http_request_duration_seconds_bucket{le="+Inf"} 7
            http_request_duration_seconds_sum 5.63
            http_request_duration_seconds_count 7

            """.Replace("\r\n", "\n", StringComparison.Ordinal), registry.Exposition());
    }

    [Fact]
    public void Histogram_SeriesWithOwnBounds_WritesItsOwnBuckets()
    {
        var family = new MetricRegistry().Histogram("keel_prediction_value", "Values.", [0], "model");
        family.WithLabels([10, 20], "a").Observe(15);
        family.WithLabels("b").Observe(-1);

        var text = new System.Text.StringBuilder();
        family.AppendTo(text);

        Assert.Contains("keel_prediction_value_bucket{model=\"a\",le=\"20\"} 1", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("keel_prediction_value_bucket{model=\"b\",le=\"0\"} 1", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FormatNumber_SpecialValuesAsTheFormatSpellsThem()
    {
        Assert.Equal(["+Inf", "-Inf", "NaN", "0.1", "1E-07"],
            new[] { double.PositiveInfinity, double.NegativeInfinity, double.NaN, 0.1, 1e-7 }.Select(PrometheusText.FormatNumber));
    }

    [Theory]
    [InlineData("requests", "must end in _total")]
    [InlineData("9lives_total", "not a valid metric name")]
    [InlineData("keel-requests_total", "not a valid metric name")]
    public void Counter_BadName_IsRejectedWithTheRule(string name, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new MetricRegistry().Counter(name, "help"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_BadLabelsAndDuplicates_AreRejected()
    {
        var registry = new MetricRegistry();
        registry.Gauge("g", "help", "a");

        Assert.Throws<ArgumentException>(() => registry.Gauge("g", "again"));
        Assert.Throws<ArgumentException>(() => registry.Gauge("h", "help", "__reserved"));
        Assert.Throws<ArgumentException>(() => registry.Gauge("i", "help", "a", "a"));
        Assert.Throws<ArgumentException>(() => registry.Histogram("j_seconds", "help", [1], "le"));
        Assert.Throws<ArgumentException>(() => registry.Histogram("k_seconds", "help", [2, 1]));
        Assert.Throws<ArgumentException>(() => registry.Counter("l_total", "help", "x").WithLabels("1", "2"));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Counter("m_total", "help").WithLabels().Add(-1));
    }

    [Fact]
    public async Task Counter_ConcurrentIncrements_NoneLost()
    {
        var registry = new MetricRegistry();
        var family = registry.Counter("c_total", "help", "worker");
        var histogram = registry.Histogram("h_seconds", "help", [0.5]).WithLabels();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            var counter = family.WithLabels((w % 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var i = 0; i < 100_000; i++)
            {
                counter.Increment();
                histogram.Observe(0.25);
            }
        })));

        Assert.Equal(400_000, family.WithLabels("0").Value);
        Assert.Equal(400_000, family.WithLabels("1").Value);
        var (cumulative, sum) = histogram.Snapshot();
        Assert.Equal([800_000L, 800_000L], cumulative);
        Assert.Equal(200_000, sum);
    }

    [Fact]
    public void Collected_ReadsStateAtScrapeTime()
    {
        var registry = new MetricRegistry();
        var commits = 1;
        registry.Collect("log_commits_total", "help", MetricType.Counter, ["store"], () => [(["main"], commits)]);
        commits = 42;

        Assert.Contains("log_commits_total{store=\"main\"} 42\n", registry.Exposition(), StringComparison.Ordinal);
    }
}
