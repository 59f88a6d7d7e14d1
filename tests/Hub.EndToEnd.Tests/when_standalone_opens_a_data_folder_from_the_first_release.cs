using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// The real Standalone on a copy of the data folder the schema-6 release wrote (tests/Hub.Embedded.Tests/Fixtures): what
/// an operator upgrading in place gets. The fixture was written on 2026-12-07, so windows of two minutes are long past.
/// </summary>
public sealed class when_standalone_opens_a_data_folder_from_the_first_release : IDisposable
{
    private const string ReportId = "a1b650b14d3c68c665d165e503f09449";
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"hub-e2e-upgrade-{Guid.NewGuid():N}");

    public when_standalone_opens_a_data_folder_from_the_first_release()
    {
        var fixture = Path.Combine(RepositoryPaths.Root, "tests", "Hub.Embedded.Tests", "Fixtures", "data-folder-schema-6");
        foreach (var file in Directory.EnumerateFiles(fixture, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("README.md", StringComparison.Ordinal)))
        {
            var target = Path.Combine(_data, Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task its_orders_stock_and_reports_answer_as_before()
    {
        await using var host = await StandaloneProcess.StartAsync(_data);
        using var http = host.CreateClient();

        var order = await GetAsync(http, "/api/orders/zj-industrial/ZJ-1001", StockReportClient.AdminKey);
        var stock = await GetAsync(http, "/api/stock/ZJ-PUMP-001", StockReportClient.AdminKey);
        var report = await GetAsync(http, $"/api/warehouses/uk-fulfil/stock-reports/{ReportId}", StockReportClient.UkKey);
        var errors = await GetAsync(http, $"/api/warehouses/uk-fulfil/stock-reports/{ReportId}/errors.csv", StockReportClient.UkKey);

        Assert.Equal(HttpStatusCode.OK, order.Status);
        using (var json = JsonDocument.Parse(order.Body))
        {
            Assert.Equal(3, json.RootElement.GetProperty("version").GetInt32());
            Assert.Equal("shipped", json.RootElement.GetProperty("status").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, stock.Status);
        foreach (var warehouse in new[] { "DE-HAM-01", "GB-FXT-01", "GB-MAN-02", "US-LAX-01" }) Assert.Contains(warehouse, stock.Body);
        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Contains("\"completed-with-errors\"", report.Body);
        Assert.Equal(HttpStatusCode.OK, errors.Status);
        Assert.Contains("duplicate of row 6", errors.Body);
    }

    [Fact]
    public async Task with_two_minute_windows_its_finished_reports_go_with_their_files_and_its_orders_and_stock_stay()
    {
        var settings = new Dictionary<string, string>
        {
            ["Hub:Retention:DeliveryIds"] = "00:02:00", ["Hub:Retention:Uploads"] = "00:02:00", ["Hub:Retention:ReportResults"] = "00:02:00",
            ["Hub:Retention:DeadLetters"] = "00:02:00", ["Hub:Retention:SweepInterval"] = "00:00:05",
        };
        await using var host = await StandaloneProcess.StartAsync(_data, settings: settings);
        using var http = host.CreateClient();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await GetAsync(http, $"/api/warehouses/uk-fulfil/stock-reports/{ReportId}", StockReportClient.UkKey)).Status != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The report is still there after 30 s:\n{host.Output}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_data, "blobs"), "*", SearchOption.AllDirectories));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/api/orders/zj-industrial/ZJ-1001", StockReportClient.AdminKey)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/api/stock/ZJ-PUMP-001", StockReportClient.AdminKey)).Status);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
