extern alias standalone;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hub.Benchmarks.Reporting;
using Hub.Testing;
using standalone::Hub.Standalone.Demo;

namespace Hub.Benchmarks.PartnerFeeds;

/// <summary>
/// <c>partner-feeds [--records 100000] [--page-size 500] [--write-docs]</c>: a feed of synthetic records served by the sample partner
/// on loopback, synced by a Standalone (Release) of its own on request, timed until every record is queryable in the read store.
/// </summary>
public static class PartnerFeedsBenchmark
{
    public const string Command = "partner-feeds";
    public const string Heading = "## Partner feeds: pull until queryable (end to end, Standalone)";
    private const string Feed = "bench";
    private const double Target = 5_000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var (records, pageSize, writeDocs) = (100_000, 500, false);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--records" when i + 1 < args.Length: records = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--page-size" when i + 1 < args.Length: pageSize = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--write-docs": writeDocs = true; break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
            }
        }
        if (!File.Exists(PartnerBenchmarkHost.StandaloneDll))
        {
            Console.Error.WriteLine($"{PartnerBenchmarkHost.StandaloneDll} is missing: build first, dotnet build -c Release tests/Hub.Benchmarks");
            return 2;
        }

        var started = DateTimeOffset.UtcNow;
        var load = MachineInfo.LoadAverageNow();
        Console.WriteLine($"{Command}: {records:N0} synthetic records in pages of {pageSize} ...");
        await using var host = await PartnerBenchmarkHost.StartAsync(Command, new Dictionary<string, SampleFeed> { [Feed] = SampleFeed.Synthetic(Feed, records) }, pageSize, pushOrders: false);
        var feedsPath = $"/api/partners/{PartnerBenchmarkHost.PartnerId}/feeds";

        var clock = Stopwatch.StartNew();
        using (var requested = await host.Http.PostAsync($"{feedsPath}/{Feed}/sync", null))
        {
            var answer = await requested.Content.ReadAsStringAsync();
            if (requested.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"POST {feedsPath}/{Feed}/sync -> {(int)requested.StatusCode}: {answer}");
        }

        // 1. The partner has served the last page and the hub says the pull is over with every record synced.
        JsonElement feed;
        while (true)
        {
            feed = await FeedAsync(host);
            var servedToTheEnd = host.Partner.FeedRequests.Any(r => r.Offset + r.Items == records);
            if (servedToTheEnd && feed.TryGetProperty("pulling", out var pulling) && pulling.ValueKind == JsonValueKind.False
                && feed.GetProperty("recordsSynced").GetInt64() >= records) break;
            if (clock.Elapsed > Patience)
                throw new TimeoutException($"After {Patience.TotalMinutes:F0} min the partner had served {host.Partner.FeedRequests.Sum(r => r.Items):N0} items " +
                    $"in {host.Partner.FeedRequests.Count} pages and the hub reports: {feed}");
            await Task.Delay(50);
        }
        var syncedSeconds = clock.Elapsed.TotalSeconds;

        // 2. The feed's last records queryable, each by its type and reference (one partition each, so probing does not slow the hub
        // down as whole listings would): the projection trails the sync, and these are the last it gets.
        var probes = Enumerable.Range(Math.Max(0, records - 8), Math.Min(records, 8))
            .Where(i => SyntheticPartnerRecords.Type(i) != "demand-signal")
            .Select(i => (Id: SyntheticPartnerRecords.Id(Feed, i), Type: SyntheticPartnerRecords.Type(i), Reference: SyntheticPartnerRecords.Reference(Feed, i)))
            .ToList();
        while (!await AllQueryableAsync(host, probes))
        {
            if (clock.Elapsed > Patience)
                throw new TimeoutException($"After {Patience.TotalMinutes:F0} min the feed's last records are not all queryable: {string.Join(", ", probes.Select(p => p.Id))}.");
            await Task.Delay(100);
        }
        var queryableSeconds = clock.Elapsed.TotalSeconds;

        // 3. Verified: a whole listing holds every record, no gap and no duplicate (listed again until it does; its time is shown apart).
        var listings = 0;
        HashSet<string> ids;
        while (true)
        {
            listings++;
            ids = await ListRecordIdsAsync(host);
            if (ids.Count >= records) break;
            if (clock.Elapsed > Patience)
                throw new TimeoutException($"After {Patience.TotalMinutes:F0} min the read store lists {ids.Count:N0} of {records:N0} records.");
            await Task.Delay(500);
        }
        var verifiedSeconds = clock.Elapsed.TotalSeconds;
        var expected = Enumerable.Range(0, records).Select(i => SyntheticPartnerRecords.Id(Feed, i)).ToHashSet();
        if (!ids.SetEquals(expected))
            throw new InvalidOperationException($"The read store's records differ from the partner's: {ids.Except(expected).Count()} unexpected, {expected.Except(ids).Count()} missing.");

        var peak = host.PeakResidentBytes;
        var pages = host.Partner.FeedRequests.Count;
        var rate = records / queryableSeconds;
        Console.WriteLine($"  synced (the hub's feed status) in {syncedSeconds:F1} s; the last records queryable after {queryableSeconds:F1} s: " +
            $"{rate:N0} records/s (target {Target:N0}: {(rate >= Target ? "met" : "NOT met")}); {pages} pages served; " +
            $"verified by {listings} whole listing(s) after {verifiedSeconds:F1} s; Standalone peak RSS {peak / 1048576.0:F0} MiB");

        var machine = MachineInfo.Collect();
        var markdown = $"""
            {Heading}

            Run {started:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project tests/Hub.Benchmarks -- {Command} --records {records} --page-size {pageSize} --write-docs`.
            Machine: {machine.Cpus} CPUs (`nproc`; {machine.CpuModel}), {machine.Memory}, .NET SDK {machine.DotnetSdk} ({machine.Runtime}), commit `{machine.Commit}`; load average at the start {load}.

            How: the sample partner server (`functions/Hub.Standalone/Demo/SamplePartnerServer.cs`) runs in the harness on loopback and
            serves one feed of {records:N0} synthetic records (`SyntheticPartnerRecords`: the four record types in turn); a Standalone
            (Release, fresh data folder, `Hub:Partners:Http:AllowLoopback=true`) has it as its only partner, with the feed's page size
            {pageSize}. The clock starts at `POST /api/partners/{PartnerBenchmarkHost.PartnerId}/feeds/{Feed}/sync`. Synced: the feed status first
            says the pull is over with every record synced. Queryable: the feed's last records (by type and reference, every 100 ms)
            are all in the read store; records/s is taken there. Verified: a whole listing of `GET /api/partners/{PartnerBenchmarkHost.PartnerId}/records`
            (pages of 1,000, after the probes, repeated until complete) holds exactly the partner's ids, no gap and no duplicate;
            it is a check, not part of the rate, as listings of 100,000 records would slow the projection they wait for.

            | records | page size | pages served | synced s | queryable s | records/s (target >= {Target:N0}) | verified s (listings) | Standalone peak RSS |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            | {records:N0} | {pageSize} | {pages:N0} | {syncedSeconds:F1} | {queryableSeconds:F1} | {rate:N0} ({(rate >= Target ? "met" : "not met")}) | {verifiedSeconds:F1} ({listings}) | {peak / 1048576.0:F0} MiB |
            """;
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (writeDocs)
        {
            var path = Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");
            BenchmarksDocument.ReplaceSection(path, markdown);
            Console.WriteLine($"Written to {path}");
        }
        return rate >= Target ? 0 : 1;
    }

    private static async Task<JsonElement> FeedAsync(PartnerBenchmarkHost host)
    {
        var path = $"/api/partners/{PartnerBenchmarkHost.PartnerId}/feeds";
        using var response = await host.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} -> {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("feed").GetString() == Feed).Clone();
    }

    private static async Task<bool> AllQueryableAsync(PartnerBenchmarkHost host, IEnumerable<(string Id, string Type, string Reference)> probes)
    {
        foreach (var (id, type, reference) in probes)
        {
            var path = $"/api/partners/{PartnerBenchmarkHost.PartnerId}/records?type={type}&reference={Uri.EscapeDataString(reference)}";
            using var response = await host.Http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} -> {(int)response.StatusCode}: {text}");
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.GetProperty("items").EnumerateArray().Any(r => RecordId(r) == id)) return false;
        }
        return true;
    }

    /// <summary>The partner's id of a listed record: <c>recordId</c> as in the event's data, else the document's <c>id</c>.</summary>
    internal static string RecordId(JsonElement record) =>
        (record.TryGetProperty("recordId", out var recordId) ? recordId : record.GetProperty("id")).GetString()!;

    /// <summary>Every record id the read store lists for the partner, following continuation tokens.</summary>
    internal static async Task<HashSet<string>> ListRecordIdsAsync(PartnerBenchmarkHost host)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var path = $"/api/partners/{PartnerBenchmarkHost.PartnerId}/records?pageSize=1000" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            using var response = await host.Http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} -> {(int)response.StatusCode}: {text}");
            using var document = JsonDocument.Parse(text);
            foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
                ids.Add(RecordId(item));
            token = document.RootElement.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        return ids;
    }
}
