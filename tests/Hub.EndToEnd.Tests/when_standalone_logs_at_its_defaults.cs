using System.Net;
using System.Text;
using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// Standalone as a user starts it, with no logging settings: it says where it listens and keeps its state, then stays
/// quiet per request (at 15,000 webhooks/s, ASP.NET's six lines a request were most of the output). One documented
/// setting brings ASP.NET's lines back. Single-line console output, so that a line is an entry.
/// </summary>
public sealed class when_standalone_logs_at_its_defaults : IAsyncLifetime
{
    private static readonly Dictionary<string, string> SingleLine = new() { ["Logging:Console:FormatterOptions:SingleLine"] = "true" };
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hub-logs-" + Guid.NewGuid().ToString("N"));
    private StandaloneProcess _hub = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _hub = await StandaloneProcess.StartAsync(_data, settings: SingleLine);
        _http = _hub.CreateClient();
        await _hub.WaitForOutputAsync("Stock report inbox:", TimeSpan.FromSeconds(30));
        // The host's last start-up line.
        await _hub.WaitForOutputAsync("Content root path:", TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private IReadOnlyList<string> LinesSince(int length) =>
        _hub.Output[length..].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void start_up_says_where_it_listens_its_data_folder_registry_and_inbox()
    {
        var output = _hub.Output;

        Assert.Contains("Now listening on: http://127.0.0.1:", output);
        Assert.Contains($"Data folder {Path.GetFullPath(_data)}; registry {RepositoryPaths.SeedRegistry}:", output);
        Assert.Matches(@"registry .*: \d+ platform\(s\), \d+ warehouse operator\(s\), \d+ API key\(s\)", output);
        Assert.Contains($"Stock report inbox: {Path.Combine(Path.GetFullPath(_data), "inbox")}", output);
    }

    [Fact]
    public async Task an_accepted_webhook_logs_at_most_one_line()
    {
        var client = new OrderWebhookClient(_http);
        var before = _hub.Output.Length;

        using var response = await client.PostAsync(OrderWebhookClient.Order("LOG-1", 1), "msg_log_1");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.WaitForOrderAsync("zj-industrial", "LOG-1");
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var lines = LinesSince(before);
        Assert.True(lines.Count <= 1, $"{lines.Count} lines for one webhook:\n{string.Join('\n', lines)}");
        Assert.DoesNotContain(lines, l => l.Contains("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_rejected_webhook_logs_one_line_saying_why()
    {
        var before = _hub.Output.Length;

        using var response = await new OrderWebhookClient(_http).PostRawAsync(Encoding.UTF8.GetBytes(OrderWebhookClient.Order("LOG-2", 1).ToJsonString()),
            "msg_log_2", signedAt: DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var line = Assert.Single(LinesSince(before));
        Assert.Contains("Rejected order webhook for platform zj-industrial", line);
    }

    [Fact]
    public async Task json_logs_carry_chinese_text_as_itself()
    {
        var data = _data + "-json";
        var json = await StandaloneProcess.StartAsync(data, settings: new Dictionary<string, string> { ["Logging:Console:FormatterName"] = "json" });
        try
        {
            using var http = json.CreateClient();
            var report = StockReportClient.Utf8Csv("warehouse_code,sku,on_hand\nGB-FXT-01,LOG-ZH-1,3\n");
            using var response = await new StockReportClient(http).UploadAsync(StockReportClient.UkOperator, Uri.EscapeDataString("库存-日志.csv"), report);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await json.WaitForOutputAsync("received: 库存-日志.csv", TimeSpan.FromSeconds(10));

            Assert.DoesNotContain(@"\u5E93", json.Output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await json.DisposeAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task the_documented_setting_brings_back_aspnet_core_request_lines()
    {
        var data = _data + "-verbose";
        var verbose = await StandaloneProcess.StartAsync(data,
            settings: new Dictionary<string, string>(SingleLine) { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information" });
        try
        {
            using var http = verbose.CreateClient();
            using var response = await http.GetAsync("/api/health", TestContext.Current.CancellationToken);
            await verbose.WaitForOutputAsync("Request finished HTTP/1.1 GET", TimeSpan.FromSeconds(10));

            Assert.Contains("Request starting HTTP/1.1 GET", verbose.Output);
        }
        finally
        {
            await verbose.DisposeAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }
}
