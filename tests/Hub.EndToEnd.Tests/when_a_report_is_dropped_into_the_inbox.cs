using System.Security.Cryptography;
using System.Text.Json;
using Hub.StockReports.Intake;
using Hub.Testing;
using static Hub.EndToEnd.Tests.StockReportClient;

namespace Hub.EndToEnd.Tests;

public sealed class when_a_report_is_dropped_into_the_inbox : IAsyncLifetime
{
    private static readonly Dictionary<string, string> FastInbox = new() { ["Hub:StockReports:InboxPollInterval"] = "00:00:00.100" };
    private readonly string _inboxData = Path.Combine(Path.GetTempPath(), "hub-inbox-" + Guid.NewGuid().ToString("N"));
    private readonly string _uploadData = Path.Combine(Path.GetTempPath(), "hub-upload-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task it_ends_in_the_same_report_status_as_the_same_file_uploaded()
    {
        var seed = SeedBytes(UkOperator, "2026-11-25-stock.csv");
        var reportId = StockReportIds.For(UkOperator, Convert.ToHexStringLower(SHA256.HashData(seed)));

        JsonElement dropped;
        await using (var host = await StandaloneProcess.StartAsync(_inboxData, settings: FastInbox))
        {
            using var http = host.CreateClient();
            var client = new StockReportClient(http);
            var inbox = Path.Combine(_inboxData, "inbox", UkOperator);
            // Written under a dot name and renamed when whole, as the inbox asks, so it is never read half-written.
            await File.WriteAllBytesAsync(Path.Combine(inbox, ".2026-11-25-stock.csv.part"), seed, TestContext.Current.CancellationToken);
            File.Move(Path.Combine(inbox, ".2026-11-25-stock.csv.part"), Path.Combine(inbox, "2026-11-25-stock.csv"));

            dropped = await WaitForReportAsync(client, $"/api/warehouses/{UkOperator}/stock-reports/{reportId}");
            await client.WaitForStockAsync("ZJ-PUMP-001", "GB-FXT-01", dropped);
            Assert.False(File.Exists(Path.Combine(inbox, "2026-11-25-stock.csv")), "a file taken in is removed from the inbox");
        }

        JsonElement uploaded;
        await using (var host = await StandaloneProcess.StartAsync(_uploadData))
        {
            using var http = host.CreateClient();
            uploaded = await new StockReportClient(http).UploadAndSettleAsync(UkOperator, "2026-11-25-stock.csv", seed);
        }

        Assert.Equal(Comparable(uploaded), Comparable(dropped));
        Assert.Equal("completed-with-errors", dropped.GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_file_of_a_format_the_hub_does_not_read_is_moved_aside_with_the_reason()
    {
        await using var host = await StandaloneProcess.StartAsync(_inboxData, settings: FastInbox);
        var inbox = Path.Combine(_inboxData, "inbox", UkOperator);
        await File.WriteAllTextAsync(Path.Combine(inbox, "stock.pdf"), "%PDF-1.7", TestContext.Current.CancellationToken);

        Assert.Contains("not a format the hub reads", await RefusalReasonAsync(inbox, "stock.pdf"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(inbox, ".refused", "stock.pdf")));
        Assert.False(File.Exists(Path.Combine(inbox, "stock.pdf")));
    }

    [Fact]
    public async Task a_file_in_the_folder_of_an_operator_nobody_registered_is_moved_aside_with_the_reason()
    {
        await using var host = await StandaloneProcess.StartAsync(_inboxData, settings: FastInbox);
        var stranger = Path.Combine(_inboxData, "inbox", "no-such-operator");
        Directory.CreateDirectory(stranger);
        await File.WriteAllTextAsync(Path.Combine(stranger, "stock.csv"), "warehouse_code,sku,on_hand\nGB-FXT-01,STRANGER,1\n", TestContext.Current.CancellationToken);

        Assert.Contains("no operator 'no-such-operator' is registered", await RefusalReasonAsync(stranger, "stock.csv"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(stranger, ".refused", "stock.csv")));
        Assert.False(File.Exists(Path.Combine(stranger, "stock.csv")));
    }

    private static async Task<string> RefusalReasonAsync(string folder, string fileName)
    {
        var reason = Path.Combine(folder, ".refused", fileName + ".reason.txt");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!File.Exists(reason) && DateTime.UtcNow < deadline) await Task.Delay(50, TestContext.Current.CancellationToken);
        return await File.ReadAllTextAsync(reason, TestContext.Current.CancellationToken);
    }

    /// <summary>The status without what differs by arrival: times, the stored blob's name.</summary>
    private static string Comparable(JsonElement status) => JsonSerializer.Serialize(
        status.EnumerateObject()
            .Where(p => p.Name is not ("receivedAt" or "startedAt" or "completedAt" or "blobName"))
            .ToDictionary(p => p.Name, p => p.Value));

    private static async Task<JsonElement> WaitForReportAsync(StockReportClient client, string statusUrl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.SendAsync(HttpMethod.Get, statusUrl, UkKey);
            if (response.IsSuccessStatusCode) return await client.SettleAsync(statusUrl);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No report at {statusUrl}.");
            await Task.Delay(50);
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        foreach (var folder in new[] { _inboxData, _uploadData })
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
