using Hub.Benchmarks;
using Hub.Benchmarks.Bare;

return args switch
{
    [WebhookBenchmark.Command, .. var rest] => await WebhookBenchmark.RunAsync(rest),
    [BareServer.Command, .. var rest] => await BareServer.RunAsync(rest),
    [Hub.Benchmarks.Stock.StockParseBenchmark.Command, .. var rest] => Hub.Benchmarks.Stock.StockParseBenchmark.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project tests/Hub.Benchmarks -- webhooks [--seconds 15] [--connections 64]
          webhooks     load the bare Kestrel endpoint, then Standalone's order webhook; 202-to-queryable probes;
                       prints a Markdown table and writes it to docs/benchmarks.md
          bare-server  the comparison server the harness starts as its own child process
        Build first: dotnet build -c Release Hub.sln
        """);
    return 2;
}
