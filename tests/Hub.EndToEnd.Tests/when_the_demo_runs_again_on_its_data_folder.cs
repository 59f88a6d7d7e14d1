using System.Text.RegularExpressions;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// <c>--demo --data &lt;dir&gt;</c> on a folder an earlier demo filled: what that run delivered answers as a duplicate,
/// and the demo says it was already there instead of calling it a failure; the account from the read store is whole.
/// </summary>
public sealed class when_the_demo_runs_again_on_its_data_folder(DemoAgainFixture demo) : IClassFixture<DemoAgainFixture>
{
    [Theory]
    [InlineData("01-zj-order-received", @"200 duplicate, same ingestion ord_[0-9a-f]{32}   \(already there: an earlier run on this data folder delivered it\)")]
    [InlineData("02-zj-order-received-again", @"200 duplicate, same ingestion ord_[0-9a-f]{32}$")]
    [InlineData("04-zj-order-stale-update", @"200 duplicate, .*\(already there")]
    [InlineData("08-zj-invalid-order", "400 Invalid request")]
    [InlineData("09-hz-tampered-signature", "401 Unauthorized")]
    public void each_sample_webhook_is_reported_as_delivered_before_or_as_expected(string sample, string answer)
    {
        var line = demo.Second.Split('\n').Select(l => l.TrimEnd('\r')).SingleOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal));

        Assert.NotNull(line);
        Assert.Matches($@"^{Regex.Escape(sample)}\s+\S+\s+-> {answer}", line);
    }

    [Fact]
    public void nothing_is_called_a_failure_and_the_summary_counts_what_was_there()
    {
        Assert.DoesNotContain("not as expected", demo.Second);
        Assert.Matches(@"== Demo done \(\d+ sample\(s\) already there from an earlier run\)\. The hub keeps running", demo.Second);
        Assert.Contains("(given; what an earlier run delivered there is reported as already there)", demo.Second);
    }

    [Fact]
    public void the_stock_reports_are_already_there_and_their_stock_levels_are_listed()
    {
        Assert.Matches(@"uk-fulfil/2026-11-25-stock\.csv: 200 already there \(an earlier run on this data folder uploaded it\), report [0-9a-f]{8} -> completed-with-errors: 9 of 13 rows accepted", demo.Second);
        Assert.Contains("row 8, on_hand '-5': must be 0 or more", demo.Second);
        Assert.Equal(DemoAccount.StockLevels(demo.First), DemoAccount.StockLevels(demo.Second));
        Assert.NotEmpty(DemoAccount.StockLevels(demo.Second));
    }
}

/// <summary>Two demo runs on one <c>--data</c> folder.</summary>
public sealed class DemoAgainFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hub-demo-again-" + Guid.NewGuid().ToString("N"));

    public string First { get; private set; } = "";
    public string Second { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        First = await DemoAccount.RunAsync(_data);
        Second = await DemoAccount.RunAsync(_data);
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
