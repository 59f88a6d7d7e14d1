using System.Net;
using System.Text.Json;
using static Hub.EndToEnd.Tests.StockReportClient;

namespace Hub.EndToEnd.Tests;

/// <summary>The re-run route: a rejected or failed report runs again from its file; a running or completed one is a conflict.</summary>
public sealed class when_a_report_is_run_again(StockReportFixture fixture) : IClassFixture<StockReportFixture>
{
    private readonly StockReportClient _client = fixture.Client;

    [Fact]
    public async Task a_rejected_report_answers_202_with_its_status_url_and_runs_again()
    {
        var rejected = await _client.UploadAndSettleAsync(UkOperator, "rerun-empty.csv", Utf8Csv("warehouse_code,sku,on_hand\n"));
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        var reportId = rejected.GetProperty("reportId").GetString()!;

        using var rerun = await _client.SendAsync(HttpMethod.Post, $"/api/warehouses/{UkOperator}/stock-reports/{reportId}/rerun", UkKey);

        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        var statusUrl = await StatusUrlAsync(rerun);
        Assert.Equal($"/api/warehouses/{UkOperator}/stock-reports/{reportId}", statusUrl);
        Assert.Equal(statusUrl, rerun.Headers.Location?.OriginalString);
        var again = await _client.SettleAsync(statusUrl);
        Assert.Equal(2, again.GetProperty("attempts").GetInt32());
        Assert.Equal("rejected", again.GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_completed_report_is_409_an_unknown_one_404_and_another_operators_key_403()
    {
        var completed = await _client.UploadAndSettleAsync(UkOperator, "rerun-done.csv", Utf8Csv("warehouse_code,sku,on_hand\nGB-FXT-01,RERUN-DONE,3\n"));
        var reportId = completed.GetProperty("reportId").GetString()!;

        using (var conflict = await _client.SendAsync(HttpMethod.Post, $"/api/warehouses/{UkOperator}/stock-reports/{reportId}/rerun", AdminKey))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Contains("is completed; only a failed or rejected report runs again", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var unknown = await _client.SendAsync(HttpMethod.Post, $"/api/warehouses/{UkOperator}/stock-reports/{new string('0', 32)}/rerun", UkKey))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var other = await _client.SendAsync(HttpMethod.Post, $"/api/warehouses/{UkOperator}/stock-reports/{reportId}/rerun", ZjKey))
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("completed", (await _client.StatusAsync($"/api/warehouses/{UkOperator}/stock-reports/{reportId}")).GetProperty("status").GetString());
    }
}
