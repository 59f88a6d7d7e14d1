using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Hub.Testing;
using static Hub.EndToEnd.Tests.StockReportClient;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// SIGKILL in the middle of a large report, then a restart on the same data folder: the report runs again and ends with
/// every row applied exactly once. Lots make "twice" visible: a SKU whose two lots were summed twice would show double.
/// </summary>
public sealed class when_standalone_is_killed_mid_report : IAsyncLifetime
{
    private const int Skus = 150_000;
    private const int LotEvery = 50;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hub-kill-report-" + Guid.NewGuid().ToString("N"));
    private readonly string _file = Path.Combine(Path.GetTempPath(), "hub-kill-report-" + Guid.NewGuid().ToString("N") + ".csv");

    public enum KillPoint { WhileReadingRows, WhilePublishing }

    [Theory]
    [InlineData(KillPoint.WhileReadingRows)]
    [InlineData(KillPoint.WhilePublishing)]
    public async Task the_report_completes_after_a_restart_with_every_row_applied_exactly_once(KillPoint killPoint)
    {
        var rows = WriteReport(_file);
        var settings = new Dictionary<string, string> { ["Hub:StockReports:ProgressEveryRows"] = "10000" };
        string statusUrl;
        await using (var first = await StandaloneProcess.StartAsync(_data, settings: settings))
        {
            using var http = first.CreateClient();
            var client = new StockReportClient(http);
            using (var upload = await client.UploadFileAsync(UkOperator, _file, "big.csv"))
            {
                Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
                statusUrl = await StatusUrlAsync(upload);
            }

            await WaitUntilAsync(client, statusUrl, killPoint);
            first.KillHard();
        }

        await using var second = await StandaloneProcess.StartAsync(_data, settings: settings);
        using var http2 = second.CreateClient();
        var again = new StockReportClient(http2);
        var status = await again.SettleAsync(statusUrl, timeout: TimeSpan.FromMinutes(2));

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("attempts").GetInt32());
        Assert.Equal(rows, status.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(Skus, status.GetProperty("stockLevels").GetInt64());

        await again.WaitForStockAsync(Sku(Skus - 1), Warehouse(Skus - 1), status);
        var levels = new Dictionary<string, JsonElement>();
        foreach (var warehouse in new[] { "GB-FXT-01", "GB-MAN-02" })
            foreach (var level in await again.WarehouseStockAsync(warehouse))
                if (level.GetProperty("sku").GetString()!.StartsWith("KILL-", StringComparison.Ordinal))
                    levels.Add(level.GetProperty("sku").GetString()!, level);

        Assert.Equal(Skus, levels.Count);
        for (var i = 0; i < Skus; i++)
        {
            var level = levels[Sku(i)];
            Assert.Equal(Warehouse(i), level.GetProperty("warehouse").GetString());
            Assert.Equal(OnHand(i), level.GetProperty("onHand").GetInt64());
            Assert.Equal(status.GetProperty("reportId").GetString(), level.GetProperty("reportId").GetString());
        }
    }

    [Fact]
    public async Task the_killed_runs_work_files_are_under_the_data_folder_and_gone_after_the_restart()
    {
        WriteReport(_file);
        var started = DateTime.UtcNow;
        var settings = new Dictionary<string, string> { ["Hub:StockReports:ProgressEveryRows"] = "10000" };
        var work = Path.Combine(_data, "work");
        string statusUrl;
        string[] leftovers;
        await using (var first = await StandaloneProcess.StartAsync(_data, settings: settings))
        {
            using var http = first.CreateClient();
            var client = new StockReportClient(http);
            using (var upload = await client.UploadFileAsync(UkOperator, _file, "work-files.csv"))
                statusUrl = await StatusUrlAsync(upload);

            // While publishing, the sorted runs and the errors being written are all on disk.
            await WaitUntilAsync(client, statusUrl, KillPoint.WhilePublishing);
            first.KillHard();
            leftovers = Directory.GetFiles(work);
        }

        Assert.Contains(leftovers, f => Path.GetFileName(f).StartsWith("spill-", StringComparison.Ordinal));
        Assert.Contains(leftovers, f => f.EndsWith(".errors.csv", StringComparison.Ordinal));
        var reportId = statusUrl[(statusUrl.LastIndexOf('/') + 1)..];
        var systemTemp = Path.Combine(Path.GetTempPath(), "hub-stock-reports");
        // The report's id comes from its bytes, so older builds' runs of this very file may have left theirs there.
        Assert.Empty(Directory.Exists(systemTemp)
            ? Directory.GetFiles(systemTemp, reportId + "*").Where(f => File.GetLastWriteTimeUtc(f) >= started)
            : []);

        await using var second = await StandaloneProcess.StartAsync(_data, settings: settings);
        using var http2 = second.CreateClient();
        var status = await new StockReportClient(http2).SettleAsync(statusUrl, timeout: TimeSpan.FromMinutes(2));

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.All(leftovers, f => Assert.False(File.Exists(f), $"{f} was left by the killed run"));
        Assert.Empty(Directory.GetFiles(work));
    }

    private static async Task WaitUntilAsync(StockReportClient client, string statusUrl, KillPoint killPoint)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var status = await client.StatusAsync(statusUrl);
            Assert.NotEqual("completed", status.GetProperty("status").GetString());
            var publishing = await client.StockAsync(Sku(0)) is not null;
            if (killPoint == KillPoint.WhileReadingRows && status.GetProperty("rowsRead").GetInt64() > 0 && !publishing) return;
            if (killPoint == KillPoint.WhilePublishing && publishing) return;
            await Task.Delay(10);
        }
        throw new TimeoutException($"The report never reached the point {killPoint}.");
    }

    private static string Sku(int i) => $"KILL-{i:D7}";
    private static string Warehouse(int i) => i % 2 == 0 ? "GB-FXT-01" : "GB-MAN-02";
    private static long OnHand(int i) => i % LotEvery == 0 ? (i % 97) + (i % 89) : i % 97;

    /// <summary>One row per SKU, two (lots A and B) for every 50th; the number of rows.</summary>
    private static int WriteReport(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("warehouse_code,sku,on_hand,lot,as_of\n");
        var rows = 0;
        for (var i = 0; i < Skus; i++)
        {
            if (i % LotEvery == 0)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Warehouse(i)},{Sku(i)},{i % 97},A,2026-11-25\n"));
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Warehouse(i)},{Sku(i)},{i % 89},B,2026-11-25\n"));
                rows += 2;
            }
            else
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Warehouse(i)},{Sku(i)},{i % 97},,2026-11-25\n"));
                rows++;
            }
        }
        return rows;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        try { File.Delete(_file); Directory.Delete(_data, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
