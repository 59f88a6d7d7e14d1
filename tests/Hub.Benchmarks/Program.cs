using Hub.Benchmarks;
using Hub.Benchmarks.Bare;

return args switch
{
    [WebhookBenchmark.Command, .. var rest] => await WebhookBenchmark.RunAsync(rest),
    [BareServer.Command, .. var rest] => await BareServer.RunAsync(rest),
    [Hub.Benchmarks.Stock.StockParseBenchmark.Command, .. var rest] => Hub.Benchmarks.Stock.StockParseBenchmark.Run(rest),
    [Hub.Benchmarks.Stock.StockE2eBenchmark.Command, .. var rest] => await Hub.Benchmarks.Stock.StockE2eBenchmark.RunAsync(rest),
    [Hub.Benchmarks.Matchmaking.MatchmakingE2eBenchmark.Command, .. var rest] => await Hub.Benchmarks.Matchmaking.MatchmakingE2eBenchmark.RunAsync(rest),
    [Hub.Benchmarks.Soak.SoakBenchmark.Command, .. var rest] => await Hub.Benchmarks.Soak.SoakBenchmark.RunAsync(rest),
    [Hub.Benchmarks.PartnerFeeds.PartnerFeedsBenchmark.Command, .. var rest] => await Hub.Benchmarks.PartnerFeeds.PartnerFeedsBenchmark.RunAsync(rest),
    [Hub.Benchmarks.PartnerFeeds.PartnerPushBenchmark.Command, .. var rest] => await Hub.Benchmarks.PartnerFeeds.PartnerPushBenchmark.RunAsync(rest),
    // The engine with the scheduler Standalone and the Functions apps use.
    [Hub.Benchmarks.Matchmaking.MatchmakingBenchmark.Command, .. var rest] => Hub.Benchmarks.Matchmaking.MatchmakingBenchmark.Run(rest, scheduler: () => new Hub.Matchmaking.Scheduling.MeetingScheduler()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project tests/Hub.Benchmarks -- webhooks [--seconds 15] [--connections 64]
          webhooks     load the bare Kestrel endpoint, then Standalone's order webhook; 202-to-queryable probes;
                       prints a Markdown table and writes it to docs/benchmarks.md
          bare-server  the comparison server the harness starts as its own child process
          stock-parse [--rows 1000000]
                       raw Sep, CsvTabularReader, and reader + validation over one generated snapshot CSV
          stock-e2e [--rows 1000000] [--xlsx-rows 200000]
                       a snapshot CSV uploaded to Standalone until every stock level is queryable, stage shares and peak
                       working set; beside it raw Sep, a bare bulk write into the same store, and XLSX reading
          matchmaking-e2e [--sizes small,target,large] [--write-docs]
                       the same expos registered over HTTP in a Standalone of their own, a run requested and followed until
                       completed: the run's duration with every meeting stored, and Standalone's peak resident set
          soak [--minutes 20] [--sample-seconds 30] [--retention 00:02:00] [--window-seconds <a quarter of the run>]
               [--warmup 10] [--connections 64] [--pool 50000] [--versions increasing|same] [--max-db-gb 30] [--write-docs]
                       signed webhooks at full rate into Standalone with shortened retention windows, sampling accepted/s,
                       RSS, hub.db size and bus backlog; judges the issue's flatness and throughput targets; writes
                       TestResults/soak/soak-<time>.json and .md (and docs/benchmarks.md with --write-docs).
                       Smoke: soak --minutes 2 --sample-seconds 10 --retention 00:00:30 --pool 1000
          matchmaking [--sizes small,target,large] [--seed 1] [--write-docs]
                       synthetic expos of 500 x 2,000, 2,000 x 10,000 and 5,000 x 25,000 (3 days x 16 slots, 400 tables) run
                       through the matchmaking engine, each in a fresh child process: candidates and scoring (pairs considered
                       and kept), scheduling when a scheduler is handed in, peak working set, allocations; a Markdown table
                       (and docs/benchmarks.md with --write-docs)
          partner-feeds [--records 100000] [--page-size 500] [--write-docs]
                       a feed of synthetic records served by the sample partner on loopback, synced by Standalone on request,
                       until every record is listed in the read store (ids checked): records/s (target 5,000), peak RSS
          partner-push [--orders 20000] [--connections 32] [--write-docs]
                       signed 9610 orders for buyers in MY through the order webhook, pushed by Standalone to the sample partner:
                       orders/s from the first sent to the partner's last receipt (target 2,000), one Idempotency-Key per order
        Build first: dotnet build -c Release Hub.sln (stock-e2e: dotnet build -c Release tests/Hub.Benchmarks also builds Standalone)
        """);
    return 2;
}
