using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Benchmarks.Load;
using Hub.Testing;

namespace Hub.Benchmarks.Stock;

/// <summary>Offsets from the start of the PUT; null where the moment was not seen.</summary>
public sealed record E2eTimeline(
    TimeSpan Accepted,
    TimeSpan? Received,
    TimeSpan? Started,
    TimeSpan? ReadDone,
    TimeSpan? Completed,
    TimeSpan? FirstProjected,
    TimeSpan? LastProjected,
    TimeSpan Queryable);

public sealed record E2eResult(
    string ReportId,
    int Rows,
    long Bytes,
    string Status,
    long RowsAccepted,
    long RowsRejected,
    long StockLevels,
    E2eTimeline Timeline,
    long Counted,
    long CountedOfThisReport,
    TimeSpan CountDuration,
    TimeSpan? CompleteOnlyAfter,
    long RssBeforeUpload,
    long PeakRssBeforeUpload,
    long PeakRss,
    IReadOnlyList<(TimeSpan At, long Rss)> RssSamples,
    long PeakRssAnon,
    long PeakRssFile,
    IReadOnlyList<(TimeSpan At, int Lines)> Projected,
    CpuUsage Cpu,
    int StatusPolls,
    int ProbeRequests,
    int ProjectedEvents,
    string? CompletedLogLine,
    IReadOnlyList<string> Problems,
    string LoadBefore,
    string LoadAfter,
    string LogPath);

/// <summary>
/// Standalone (its Release build) as a child process with a fresh data folder and a registry of its own; one warm-up report,
/// then the measured one: streamed by PUT, then polled until every warehouse's last batch is readable.
/// </summary>
public static partial class StandaloneStockRun
{
    public const string OperatorId = "bench-operator";
    public const string WarmUpWarehouse = "ZZ-WARM1";
    public const int WarmUpRows = 100_000;
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z' ";
    private static readonly TimeSpan StatusPollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RssSampleInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    public static async Task<E2eResult> RunAsync(string workFolder, string csv, StockSnapshotFile.Written written)
    {
        var key = "bench-e2e-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var registryPath = Path.Combine(workFolder, "registry.json");
        File.WriteAllText(registryPath, Registry(key));
        var dataPath = Path.Combine(workFolder, "data");

        Console.WriteLine("Starting Standalone (Release) ...");
        await using var standalone = await StandaloneProcess.StartAsync(dataPath, registryPath, new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging:LogLevel:Hub"] = "Information",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = TimestampFormat,
            ["Hub:StockReports:WorkPath"] = Path.Combine(workFolder, "work"),
        });
        using var process = ChildProcesses.FindByArgument(dataPath)
            ?? throw new InvalidOperationException("The Standalone child process was not found in /proc.");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = System.Threading.Timeout.InfiniteTimeSpan })
        {
            BaseAddress = standalone.BaseAddress,
            Timeout = Timeout,
            DefaultRequestVersion = HttpVersion.Version11,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // A small report of its own warehouse first, so that the measured one finds the code paths compiled, as a running
        // server would; its stock levels are in another partition and are not counted.
        var warmUpCsv = Path.Combine(workFolder, "warm-up.csv");
        var warmUp = StockSnapshotFile.Write(warmUpCsv, StockSnapshotFile.Generate(WarmUpRows, seed: 7, uniqueKeys: true, warehouses: [WarmUpWarehouse]));
        Console.WriteLine($"Warm-up report ({WarmUpRows:N0} rows, warehouse {WarmUpWarehouse}) ...");
        var warmClock = Stopwatch.StartNew();
        var (warmId, warmStatusUrl) = await PutAsync(http, warmUpCsv);
        await WaitSettledAsync(http, warmStatusUrl);
        await WaitQueryableAsync(http, warmId, warmUp.LastSkuByWarehouse);
        Console.WriteLine($"  queryable after {warmClock.Elapsed.TotalSeconds:F1} s");
        File.Delete(warmUpCsv);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var loadBefore = Reporting.MachineInfo.LoadAverageNow();
        var rssBefore = XlsxReadVariant.ProcStatus("VmRSS", process.Id);
        var hwmBefore = XlsxReadVariant.ProcStatus("VmHWM", process.Id);
        var logStart = standalone.Output.Length;
        Console.WriteLine($"Measured report: {written.Rows:N0} rows, {written.Bytes / 1e6:F1} MB; Standalone resident {rssBefore / 1048576.0:F0} MiB before ...");

        var samples = new List<(TimeSpan, long)>();
        long peakAnon = 0, peakFile = 0;
        using var stopSampling = new CancellationTokenSource();
        var start = Stopwatch.GetTimestamp();
        var sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(RssSampleInterval);
            do
            {
                var rss = XlsxReadVariant.ProcStatus("VmRSS", process.Id);
                peakAnon = Math.Max(peakAnon, XlsxReadVariant.ProcStatus("RssAnon", process.Id));
                peakFile = Math.Max(peakFile, XlsxReadVariant.ProcStatus("RssFile", process.Id));
                lock (samples) samples.Add((Stopwatch.GetElapsedTime(start), rss));
            }
            while (await timer.WaitForNextTickAsync(stopSampling.Token).ConfigureAwait(false));
        });
        var cpu = new CpuMeter([("Standalone", process), ("harness", Process.GetCurrentProcess())]);
        cpu.Start();

        // The clock: from the first byte of the PUT to the moment every warehouse's last SKU shows this report.
        var wallStart = DateTimeOffset.UtcNow;
        start = Stopwatch.GetTimestamp();
        var (reportId, statusUrl) = await PutAsync(http, csv);
        var accepted = Stopwatch.GetElapsedTime(start);
        Console.WriteLine($"  202 after {accepted.TotalSeconds:F2} s: report {reportId}");

        // The last batches are published at the very end, just before the status settles: probing earlier would only add load.
        var (status, polls) = await WaitSettledAsync(http, statusUrl);
        var probes = await WaitQueryableAsync(http, reportId, written.LastSkuByWarehouse);
        var queryable = Stopwatch.GetElapsedTime(start);
        var usage = cpu.Stop();
        var loadAfter = Reporting.MachineInfo.LoadAverageNow();
        var peak = XlsxReadVariant.ProcStatus("VmHWM", process.Id);
        await stopSampling.CancelAsync();
        try { await sampling; } catch (OperationCanceledException) { }
        Console.WriteLine($"  queryable after {queryable.TotalSeconds:F2} s ({written.Rows / queryable.TotalSeconds:N0} rows/s); peak resident {peak / 1048576.0:F0} MiB");

        // Re-read once settled: the status polled last may be the one before the final write.
        status = await GetStatusAsync(http, statusUrl);

        // The check, after the clock: every stock level of the report, counted page by page.
        Console.WriteLine("Counting the stock levels of every warehouse ...");
        var countClock = Stopwatch.StartNew();
        var (counted, ofReport) = await CountAsync(http, reportId, written.LastSkuByWarehouse.Keys);
        TimeSpan? completeOnlyAfter = null;
        while (ofReport < status.StockLevels && Stopwatch.GetElapsedTime(start) < queryable + TimeSpan.FromMinutes(2))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            (counted, ofReport) = await CountAsync(http, reportId, written.LastSkuByWarehouse.Keys);
            completeOnlyAfter = Stopwatch.GetElapsedTime(start);
        }
        var countDuration = countClock.Elapsed;
        Console.WriteLine($"  {counted:N0} stock levels, {ofReport:N0} of this report, counted in {countDuration.TotalSeconds:F1} s");

        var logPath = Path.Combine(Path.GetTempPath(), $"hub-stock-e2e-standalone-{Environment.ProcessId}.log");
        File.WriteAllText(logPath, standalone.Output);
        Console.WriteLine($"  Standalone's log: {logPath}");
        var log = standalone.Output[logStart..].Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var projectedLines = log.Where(l => l.Contains("Stock event " + reportId, StringComparison.Ordinal))
            .Select(l => (At: Timestamp(l), Lines: ProjectedCount().Match(l)))
            .Where(x => x.At is not null && x.Lines.Success)
            .Select(x => (At: x.At!.Value - wallStart, Lines: int.Parse(x.Lines.Groups[1].Value, CultureInfo.InvariantCulture)))
            .OrderBy(x => x.At)
            .ToList();
        var projected = projectedLines.Select(x => wallStart + x.At).ToList();
        var completedLine = log.FirstOrDefault(l => l.Contains($"Stock report {reportId}: completed", StringComparison.Ordinal));
        var problems = log.Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal))
            .ToList();
        TimeSpan? Since(DateTimeOffset? at) => at - wallStart;
        // The processor logs its read pass's length when the report settles; the read pass began at startedAt.
        var readSeconds = completedLine is null ? null : ReadPass().Match(completedLine) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (double?)null;
        DateTimeOffset? readDone = readSeconds is { } seconds ? status.StartedAt + TimeSpan.FromSeconds(seconds) : null;

        var timeline = new E2eTimeline(accepted, Since(status.ReceivedAt), Since(status.StartedAt), Since(readDone), Since(status.CompletedAt),
            projected.Count > 0 ? Since(projected.Min()) : null, projected.Count > 0 ? Since(projected.Max()) : null, queryable);
        List<(TimeSpan, long)> rss;
        lock (samples) rss = [.. samples];
        return new E2eResult(reportId, written.Rows, written.Bytes, status.Status, status.RowsAccepted, status.RowsRejected, status.StockLevels,
            timeline, counted, ofReport, countDuration, completeOnlyAfter, rssBefore, hwmBefore, peak, rss, peakAnon, peakFile, projectedLines, usage, polls, probes, projected.Count,
            completedLine, problems, loadBefore, loadAfter, logPath);
    }

    private static string Registry(string key) => new JsonObject
    {
        ["$comment"] = "Written by the stock-e2e benchmark for one run.",
        ["platforms"] = new JsonArray(),
        ["operators"] = new JsonArray(new JsonObject
        {
            ["id"] = OperatorId,
            ["name"] = "Benchmark operator",
            ["warehouses"] = new JsonArray([.. StockSnapshotFile.Warehouses.Append(WarmUpWarehouse).Select(w => (JsonNode)JsonValue.Create(w)!)]),
            // As the sample operators have: a low-stock threshold for every SKU, so stock.low is raised too.
            ["lowStockThresholds"] = new JsonObject { ["*"] = 20 },
        }),
        ["apiKeys"] = new JsonArray(new JsonObject
        {
            ["name"] = "benchmark operator key",
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
            ["scope"] = "operator:" + OperatorId,
        }),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Streams the file (StreamContent over a FileStream, Content-Length from its size); the report id and status URL of the 202.</summary>
    private static async Task<(string ReportId, string StatusUrl)> PutAsync(HttpClient http, string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new StreamContent(stream, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await http.PutAsync($"/api/warehouses/{OperatorId}/stock-reports/{Uri.EscapeDataString(Path.GetFileName(file))}", content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"PUT {Path.GetFileName(file)} answered {(int)response.StatusCode}, not 202: {body}");
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("reportId").GetString()!, json.RootElement.GetProperty("statusUrl").GetString()!);
    }

    public sealed record ReportStatus(string Status, long RowsRead, long RowsAccepted, long RowsRejected, long StockLevels,
        DateTimeOffset? ReceivedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, string? Reason)
    {
        public bool Settled => Status is "completed" or "completed-with-errors" or "rejected" or "failed";
    }

    private static async Task<ReportStatus> GetStatusAsync(HttpClient http, string statusUrl)
    {
        using var response = await http.GetAsync(statusUrl);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {statusUrl} answered {(int)response.StatusCode}: {body}");
        var s = JsonNode.Parse(body)!;
        long Long(string name) => s[name]?.GetValue<long>() ?? 0;
        DateTimeOffset? At(string name) => s[name] is { } v ? DateTimeOffset.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture) : null;
        return new ReportStatus(s["status"]!.GetValue<string>(), Long("rowsRead"), Long("rowsAccepted"), Long("rowsRejected"), Long("stockLevels"),
            At("receivedAt"), At("startedAt"), At("completedAt"), s["reason"]?.GetValue<string>());
    }

    /// <summary>Polls the status until it is settled.</summary>
    private static async Task<(ReportStatus Status, int Polls)> WaitSettledAsync(HttpClient http, string statusUrl)
    {
        var clock = Stopwatch.StartNew();
        var polls = 0;
        while (true)
        {
            var status = await GetStatusAsync(http, statusUrl);
            polls++;
            if (status.Status is "rejected" or "failed")
                throw new InvalidOperationException($"The report was {status.Status}: {status.Reason}");
            if (status.Settled) return (status, polls);
            if (clock.Elapsed > Timeout) throw new TimeoutException($"The report is still {status.Status} after {Timeout.TotalMinutes} min.");
            await Task.Delay(StatusPollInterval);
        }
    }

    /// <summary>
    /// Polls <c>GET /api/stock/{sku}</c> for each warehouse's last SKU of the file until each shows this report in that warehouse:
    /// each travels in its warehouse's last batch, published last. Returns the number of requests.
    /// </summary>
    private static async Task<int> WaitQueryableAsync(HttpClient http, string reportId, IReadOnlyDictionary<string, string> lastSkuByWarehouse)
    {
        var pending = lastSkuByWarehouse.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var requests = 0;
        while (true)
        {
            foreach (var (warehouse, sku) in pending.ToList())
            {
                requests++;
                using var response = await http.GetAsync($"/api/stock/{Uri.EscapeDataString(sku)}");
                if (response.StatusCode == HttpStatusCode.NotFound) continue;
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET /api/stock/{sku} answered {(int)response.StatusCode}: {body}");
                var levels = JsonNode.Parse(body)!["levels"]!.AsArray();
                if (levels.Any(l => l!["warehouse"]!.GetValue<string>() == warehouse && l["reportId"]?.GetValue<string>() == reportId))
                    pending.Remove(warehouse);
            }
            if (pending.Count == 0) return requests;
            if (clock.Elapsed > Timeout) throw new TimeoutException($"After {Timeout.TotalMinutes} min, {pending.Count} warehouse(s) still lack the report's last SKU: {string.Join(", ", pending.Keys)}");
            await Task.Delay(ProbeInterval);
        }
    }

    /// <summary>Pages through <c>GET /api/warehouses/{code}/stock?pageSize=1000</c> of every warehouse: all documents, and those of this report.</summary>
    private static async Task<(long All, long OfReport)> CountAsync(HttpClient http, string reportId, IEnumerable<string> warehouses)
    {
        long all = 0, ofReport = 0;
        foreach (var warehouse in warehouses)
        {
            string? token = null;
            do
            {
                var url = $"/api/warehouses/{Uri.EscapeDataString(warehouse)}/stock?pageSize=1000" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
                using var page = JsonDocument.Parse(body);
                foreach (var item in page.RootElement.GetProperty("items").EnumerateArray())
                {
                    all++;
                    if (item.TryGetProperty("reportId", out var id) && id.ValueEquals(reportId)) ofReport++;
                }
                token = page.RootElement.GetProperty("continuationToken").GetString();
            }
            while (token is not null);
        }
        return (all, ofReport);
    }

    private static DateTimeOffset? Timestamp(string line) =>
        line.Length > 27 && DateTimeOffset.TryParseExact(line[..27], "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;

    /// <summary>"... were newer and written" of the projection's log line: the lines of the event.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@": \d+ of (\d+) stock levels of ")]
    private static partial System.Text.RegularExpressions.Regex ProjectedCount();

    [System.Text.RegularExpressions.GeneratedRegex(@"read pass ([0-9.]+) s")]
    private static partial System.Text.RegularExpressions.Regex ReadPass();
}
