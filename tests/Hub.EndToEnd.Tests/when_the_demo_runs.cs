using System.Text.RegularExpressions;
using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>README's run command with <c>--demo</c>, on a fresh data folder: what it prints, and what it leaves running.</summary>
public sealed class when_the_demo_runs(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private readonly StandaloneProcess? _hub = demo.Hub;

    [Theory]
    [InlineData("01-zj-order-received", "accepted", @"202 accepted, ingestion ord_[0-9a-f]{32}")]
    [InlineData("02-zj-order-received-again", "duplicate", @"200 duplicate, same ingestion ord_[0-9a-f]{32}")]
    [InlineData("03-zj-order-shipped", "accepted", "202 accepted")]
    [InlineData("04-zj-order-stale-update", "stale", "202 accepted")]
    [InlineData("05-hz-consumer-export", "accepted", "202 accepted")]
    [InlineData("06-nb-mapped-payload", "accepted", "202 accepted")]
    [InlineData("07-wz-bonded-import", "accepted", "202 accepted")]
    [InlineData("08-zj-invalid-order", "rejected", @"400 Invalid request: .*buyer\.country.*currency 'EUX'.*lines\[0\]\.quantity")]
    [InlineData("09-hz-tampered-signature", "unauthorized", "401 Unauthorized: no signature matches an active secret")]
    public void each_sample_webhook_is_reported_with_its_outcome(string sample, string expected, string answer)
    {
        var line = _hub!.Output.Split('\n').SingleOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal));

        Assert.NotNull(line);
        Assert.Matches($@"^{Regex.Escape(sample)}\s+{expected}\s+-> {answer}", line);
        Assert.DoesNotContain("not as expected", line);
    }

    [Fact]
    public void the_stock_samples_are_reported_with_their_row_errors_duplicate_and_refused_name()
    {
        var output = _hub!.Output;

        Assert.Matches(@"uk-fulfil/2026-11-25-stock\.csv: 202 report [0-9a-f]{8} -> completed-with-errors: 9 of 13 rows accepted", output);
        Assert.Contains("row 8, on_hand '-5': must be 0 or more", output);
        Assert.Matches(@"zj-haiwaicang/2026-11-25-库存\.csv: 202 report [0-9a-f]{8} -> completed: 10 of 10 rows accepted", output);
        Assert.Matches(@"zj-haiwaicang/2026-11-26-snapshot\.xlsx: 202 report [0-9a-f]{8} -> completed: 8 of 8 rows accepted", output);
        Assert.Matches(@"uk-fulfil/renamed-2026-11-25-stock\.csv: 200 duplicate of [0-9a-f]{8}", output);
        Assert.Contains("..%2F..%2Fhub.db -> 400", output);
        Assert.Contains("== Demo done. The hub keeps running", output);
    }

    [Fact]
    public async Task the_hub_keeps_answering_order_queries_afterwards()
    {
        using var http = _hub!.CreateClient();
        var client = new OrderWebhookClient(http);

        using var response = await client.GetAsync("/api/orders/zj-industrial/ZJ-1001");

        response.EnsureSuccessStatusCode();
        var order = await OrderWebhookClient.JsonOf(response);
        Assert.Equal("shipped", order.GetProperty("status").GetString());
        Assert.Equal(3, order.GetProperty("version").GetInt64());
    }

}

/// <summary>One demo run, on a fresh data folder, for all the tests that read what it printed.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hub-demo-" + Guid.NewGuid().ToString("N"));

    public StandaloneProcess? Hub { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Hub = await StandaloneProcess.StartAsync(_data, arguments: ["--demo"]);
        await Hub.WaitForOutputAsync("== Demo done", TimeSpan.FromSeconds(120));
    }

    public async ValueTask DisposeAsync()
    {
        if (Hub is not null) await Hub.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
