using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hub.Testing;
using static Hub.EndToEnd.Tests.StockReportClient;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// Deferred work lives in the bus, not in memory: SIGKILL with a report's retry pending, or with a report uploaded but not
/// yet run (its run request waiting behind another report's run), and after a restart on the same data folder every report
/// completes with one completed run and its stock levels applied once.
/// </summary>
public sealed class when_standalone_is_killed_with_deferred_work : IAsyncDisposable
{
    private const int Skus = 60_000;
    private const int LotEvery = 50;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hub-kill-deferred-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _files = [];

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Hub:StockReports:ProgressEveryRows"] = "10000",
        // Long enough that the retry is still waiting when the process is killed.
        ["Hub:StockReports:RetryBaseDelay"] = "00:00:15",
    };

    /// <summary>A small report of three SKUs (one with two lots) in GB-FXT-01, named by <paramref name="prefix"/>.</summary>
    private static byte[] SmallReport(string prefix) => Utf8Csv(
        $"warehouse_code,sku,on_hand,lot,as_of\n" +
        $"GB-FXT-01,{prefix}-1,3,A,2026-11-25\nGB-FXT-01,{prefix}-1,4,B,2026-11-25\n" +
        $"GB-FXT-01,{prefix}-2,5,,2026-11-25\nGB-FXT-01,{prefix}-3,6,,2026-11-25\n");

    private static readonly (string Suffix, long OnHand)[] SmallLevels = [("1", 7), ("2", 5), ("3", 6)];

    [Fact]
    public async Task a_report_with_its_retry_pending_and_a_report_killed_mid_run_each_complete_once_after_a_restart()
    {
        var first = WriteBigReport("KILLA");
        var second = WriteBigReport("KILLB");
        var retried = SmallReport("RETRY");
        string secondUrl, retriedUrl;
        var outputs = new List<string>();
        await using (var host = await StandaloneProcess.StartAsync(_data, settings: Settings))
        {
            using var http = host.CreateClient();
            var client = new StockReportClient(http);
            var firstUrl = await UploadAsync(client, first, "first.csv");
            await WaitUntilRunningAsync(client, firstUrl);
            // Queued behind the first report's run; its file is taken away before its turn, so its run fails on a fault
            // of the hub (the file is gone) and its retry is published for 15 s later.
            using (var upload = await client.UploadAsync(UkOperator, "retried.csv", retried))
                retriedUrl = await StatusUrlAsync(upload);
            var blob = BlobPath((await client.StatusAsync(retriedUrl)).GetProperty("blobName").GetString()!);
            File.Delete(blob);
            var failed = await WaitForStatusAsync(client, retriedUrl, "failed");
            Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
            await File.WriteAllBytesAsync(blob, retried, TestContext.Current.CancellationToken);

            secondUrl = await UploadAsync(client, second, "second.csv");
            await WaitUntilRunningAsync(client, secondUrl);
            Assert.Equal("failed", (await client.StatusAsync(retriedUrl)).GetProperty("status").GetString());
            host.KillHard();
            outputs.Add(host.Output);
        }

        await using var again = await StandaloneProcess.StartAsync(_data, settings: Settings);
        using var http2 = again.CreateClient();
        var client2 = new StockReportClient(http2);
        var secondStatus = await client2.SettleAsync(secondUrl, timeout: TimeSpan.FromMinutes(2));
        // Failed until its retry, which the restarted process finds waiting in the bus, comes due.
        var retriedStatus = await WaitForStatusAsync(client2, retriedUrl, "completed");
        await AssertSmallReportAppliedAsync(client2, retriedStatus, "RETRY");
        await AssertBigReportAppliedOnceAsync(client2, secondStatus, "KILLB");
        outputs.Add(again.Output);

        Assert.Equal(("completed", 2), (retriedStatus.GetProperty("status").GetString(), retriedStatus.GetProperty("attempts").GetInt32()));
        Assert.Equal(("completed", 2), (secondStatus.GetProperty("status").GetString(), secondStatus.GetProperty("attempts").GetInt32()));
        Assert.Equal(1, CompletedRuns(outputs, retriedStatus));
        Assert.Equal(1, CompletedRuns(outputs, secondStatus));
    }

    [Fact]
    public async Task a_report_killed_between_its_upload_and_its_run_is_run_once_after_a_restart()
    {
        var first = WriteBigReport("KILLC");
        var waiting = SmallReport("WAITING");
        string firstUrl, waitingUrl;
        var outputs = new List<string>();
        await using (var host = await StandaloneProcess.StartAsync(_data, settings: Settings))
        {
            using var http = host.CreateClient();
            var client = new StockReportClient(http);
            firstUrl = await UploadAsync(client, first, "first.csv");
            await WaitUntilRunningAsync(client, firstUrl);
            using (var upload = await client.UploadAsync(UkOperator, "waiting.csv", waiting))
            {
                Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
                waitingUrl = await StatusUrlAsync(upload);
            }
            // Accepted and recorded; its run request waits in the bus behind the running report.
            Assert.Equal("received", (await client.StatusAsync(waitingUrl)).GetProperty("status").GetString());
            host.KillHard();
            outputs.Add(host.Output);
        }

        await using var again = await StandaloneProcess.StartAsync(_data, settings: Settings);
        using var http2 = again.CreateClient();
        var client2 = new StockReportClient(http2);
        var firstStatus = await client2.SettleAsync(firstUrl, timeout: TimeSpan.FromMinutes(2));
        var waitingStatus = await client2.SettleAsync(waitingUrl, timeout: TimeSpan.FromMinutes(2));
        await AssertSmallReportAppliedAsync(client2, waitingStatus, "WAITING");
        await AssertBigReportAppliedOnceAsync(client2, firstStatus, "KILLC");
        outputs.Add(again.Output);

        Assert.Equal(("completed", 1), (waitingStatus.GetProperty("status").GetString(), waitingStatus.GetProperty("attempts").GetInt32()));
        Assert.Equal(("completed", 2), (firstStatus.GetProperty("status").GetString(), firstStatus.GetProperty("attempts").GetInt32()));
        Assert.Equal(1, CompletedRuns(outputs, waitingStatus));
        Assert.Equal(1, CompletedRuns(outputs, firstStatus));
    }

    private string BlobPath(string blobName) =>
        Path.Combine(_data, "blobs", "stock-reports", blobName.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Runs that ended completed, as both processes logged them: "Stock report {id}: completed, ...".</summary>
    private static int CompletedRuns(IEnumerable<string> outputs, JsonElement status)
    {
        var line = new Regex($@"Stock report {Regex.Escape(status.GetProperty("reportId").GetString()!)}: completed,");
        return outputs.Sum(o => line.Matches(o).Count);
    }

    private static async Task<string> UploadAsync(StockReportClient client, string path, string fileName)
    {
        using var upload = await client.UploadFileAsync(UkOperator, path, fileName);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        return await StatusUrlAsync(upload);
    }

    private static async Task WaitUntilRunningAsync(StockReportClient client, string statusUrl)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var status = await client.StatusAsync(statusUrl);
            Assert.NotEqual("completed", status.GetProperty("status").GetString());
            if (status.GetProperty("status").GetString() == "processing" && status.GetProperty("rowsRead").GetInt64() > 0) return;
            await Task.Delay(10);
        }
        throw new TimeoutException($"{statusUrl} never started running.");
    }

    private static async Task<JsonElement> WaitForStatusAsync(StockReportClient client, string statusUrl, string wanted)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var status = await client.StatusAsync(statusUrl);
            if (status.GetProperty("status").GetString() == wanted) return status;
            await Task.Delay(20);
        }
        throw new TimeoutException($"{statusUrl} never became {wanted}.");
    }

    private static async Task AssertSmallReportAppliedAsync(StockReportClient client, JsonElement status, string prefix)
    {
        foreach (var (suffix, onHand) in SmallLevels)
        {
            var level = await client.WaitForStockAsync($"{prefix}-{suffix}", "GB-FXT-01", status);
            Assert.Equal(onHand, level.GetProperty("onHand").GetInt64());
        }
    }

    private static async Task AssertBigReportAppliedOnceAsync(StockReportClient client, JsonElement status, string prefix)
    {
        Assert.Equal(Skus, status.GetProperty("stockLevels").GetInt64());
        await client.WaitForStockAsync(Sku(prefix, Skus - 1), Warehouse(Skus - 1), status);
        var levels = new Dictionary<string, JsonElement>();
        foreach (var warehouse in new[] { "GB-FXT-01", "GB-MAN-02" })
            foreach (var level in await client.WarehouseStockAsync(warehouse))
                if (level.GetProperty("sku").GetString()!.StartsWith(prefix + "-", StringComparison.Ordinal))
                    levels.Add(level.GetProperty("sku").GetString()!, level);

        Assert.Equal(Skus, levels.Count);
        for (var i = 0; i < Skus; i++)
        {
            var level = levels[Sku(prefix, i)];
            Assert.Equal(OnHand(i), level.GetProperty("onHand").GetInt64());
            Assert.Equal(status.GetProperty("reportId").GetString(), level.GetProperty("reportId").GetString());
        }
    }

    private static string Sku(string prefix, int i) => $"{prefix}-{i:D7}";
    private static string Warehouse(int i) => i % 2 == 0 ? "GB-FXT-01" : "GB-MAN-02";
    private static long OnHand(int i) => i % LotEvery == 0 ? (i % 97) + (i % 89) : i % 97;

    /// <summary>One row per SKU, two (lots A and B) for every 50th, so that lots summed twice would show.</summary>
    private string WriteBigReport(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hub-kill-deferred-{prefix}-{Guid.NewGuid():N}.csv");
        _files.Add(path);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("warehouse_code,sku,on_hand,lot,as_of\n");
        for (var i = 0; i < Skus; i++)
        {
            if (i % LotEvery == 0)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Warehouse(i)},{Sku(prefix, i)},{i % 97},A,2026-11-25\n"));
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Warehouse(i)},{Sku(prefix, i)},{i % 89},B,2026-11-25\n"));
            }
            else
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Warehouse(i)},{Sku(prefix, i)},{i % 97},,2026-11-25\n"));
            }
        }
        return path;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var file in _files) File.Delete(file);
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
