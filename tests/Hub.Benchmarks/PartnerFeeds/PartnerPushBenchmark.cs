extern alias standalone;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Hub.Benchmarks.Reporting;
using Hub.Core.Registry;
using Hub.Benchmarks.Load;
using Hub.Orders.Webhooks.Signatures;
using Hub.Testing;
using standalone::Hub.Standalone.Demo;

namespace Hub.Benchmarks.PartnerFeeds;

/// <summary>
/// <c>partner-push [--orders 20000] [--connections 32] [--write-docs]</c>: cross-border retail orders (9610, buyers in MY) sent
/// signed through Standalone's order webhook and pushed by it to the sample partner on loopback, timed from the first order sent to
/// the partner's receipt of the last.
/// </summary>
public static class PartnerPushBenchmark
{
    public const string Command = "partner-push";
    public const string Heading = "## Partner order push (end to end, Standalone)";
    private const double Target = 2_000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var (orders, connections, warmup, writeDocs) = (20_000, 32, 2_000, false);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--orders" when i + 1 < args.Length: orders = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--connections" when i + 1 < args.Length: connections = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup" when i + 1 < args.Length: warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
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
        Console.WriteLine($"{Command}: {orders:N0} cross-border orders over {connections} connections ...");
        await using var host = await PartnerBenchmarkHost.StartAsync(Command, new Dictionary<string, SampleFeed>(), pageSize: 500, pushOrders: true);
        var signature = host.PlatformSignature.Deserialize<SignatureSettings>(JsonSerializerOptions.Web)!;
        var target = $"/api/webhooks/orders/{PartnerBenchmarkHost.PlatformId}";
        var targetUrl = new Uri(host.Http.BaseAddress!, target);
        // Whole requests on the wire, signed before the clock starts, sent over raw keep-alive connections as the webhooks
        // benchmark does: HttpClient's per-request work in this process would take the cores the hub's pushes need.
        var wires = Enumerable.Range(0, warmup + orders).Select(i =>
        {
            var body = Encoding.UTF8.GetBytes(OrderBody(i));
            return RawHttpConnection.FormatPost(targetUrl, WebhookSigner.Sign(signature, $"msg_bench_push_{i}", body, DateTimeOffset.UtcNow), body);
        }).ToArray();

        // Warm-up, untimed: the first orders through a fresh process run code the JIT has not optimised yet (as the webhooks
        // benchmark warms up before it measures); the clock starts once the partner has every one of them.
        await SendAsync(0, warmup, () => { });
        await WaitForPartnerAsync(warmup, Stopwatch.StartNew());

        var accepted = 0;
        long lastAcceptTicks = 0;
        var clock = Stopwatch.StartNew();
        var sentAt = DateTimeOffset.UtcNow;
        await SendAsync(warmup, orders, () =>
        {
            Interlocked.Increment(ref accepted);
            Interlocked.Exchange(ref lastAcceptTicks, clock.Elapsed.Ticks);
        });

        async Task SendAsync(int from, int count, Action onAccepted)
        {
            var next = from - 1;
            await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
            {
                using var connection = await RawHttpConnection.OpenAsync(targetUrl);
                int i;
                while ((i = Interlocked.Increment(ref next)) < from + count)
                {
                    var (status, _) = await connection.SendAsync(wires[i], keepBody: false);
                    if (status != (int)HttpStatusCode.Accepted)
                        throw new InvalidOperationException($"Order {i}: POST {target} -> {status}");
                    onAccepted();
                }
            })));
        }

        async Task WaitForPartnerAsync(int expected, Stopwatch waited)
        {
            while (host.Partner.OrdersReceived < expected)
            {
                if (waited.Elapsed > Patience)
                    throw new TimeoutException($"After {Patience.TotalMinutes:F0} min the partner had received {host.Partner.OrdersReceived:N0} of {expected:N0} orders " +
                        $"({host.Partner.RepeatedOrders:N0} sent again under a key it had); the hub's dead letters: GET /api/admin/dead-letters with the admin key.");
                await Task.Delay(20);
            }
        }
        var acceptSeconds = TimeSpan.FromTicks(lastAcceptTicks).TotalSeconds;

        await WaitForPartnerAsync(warmup + orders, clock);
        var received = host.Partner.OrdersOf(PartnerBenchmarkHost.PartnerId);
        var pushedSeconds = (received.Max(o => o.ReceivedAt) - sentAt).TotalSeconds;
        Console.WriteLine($"  warm-up: {warmup:N0} orders pushed before the clock");
        var rate = orders / pushedSeconds;
        var distinctOrders = received.Select(o => o.Order.TryGetProperty("orderId", out var id) ? id.ToString() : o.IdempotencyKey).Distinct().Count();
        var peak = host.PeakResidentBytes;
        Console.WriteLine($"  accepted {accepted:N0} in {acceptSeconds:F1} s; the partner received the last after {pushedSeconds:F1} s: {rate:N0} orders/s " +
            $"(target {Target:N0}: {(rate >= Target ? "met" : "NOT met")}); {host.Partner.RepeatedOrders:N0} repeated keys; {distinctOrders:N0} distinct orders; Standalone peak RSS {peak / 1048576.0:F0} MiB");
        if (distinctOrders != warmup + orders || received.Count != warmup + orders)
            throw new InvalidOperationException($"The partner received {received.Count:N0} keys for {distinctOrders:N0} distinct orders; expected one key per order.");

        var machine = MachineInfo.Collect();
        var markdown = $"""
            {Heading}

            Run {started:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project tests/Hub.Benchmarks -- {Command} --orders {orders} --connections {connections} --warmup {warmup} --write-docs`.
            Machine: {machine.Cpus} CPUs (`nproc`; {machine.CpuModel}), {machine.Memory}, .NET SDK {machine.DotnetSdk} ({machine.Runtime}), commit `{machine.Commit}`; load average at the start {load}.

            How: a Standalone (Release, fresh data folder, `Hub:Partners:Http:AllowLoopback=true`) whose only partner is the sample partner
            server in the harness (loopback, API key, `pushOrders` for destination MY). {orders:N0} orders (seller in CN, a consumer buyer in MY:
            customs mode 9610), each signed (standard-webhooks) before the clock, are posted to `POST {target}` over {connections} raw
            keep-alive connections, after {warmup:N0} orders more that warm the process up (posted and pushed before the clock starts). The clock
            starts with the first post and stops at the partner's receipt of the last order (`POST {"{baseUrl}"}/orders`, one Idempotency-Key
            per order, checked over every order sent). Accepted is when the last 202 came back.

            | orders | connections | accepted s | pushed s (first sent to last received) | orders/s (target >= {Target:N0}) | keys sent again | Standalone peak RSS |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            | {orders:N0} | {connections} | {acceptSeconds:F1} | {pushedSeconds:F1} | {rate:N0} ({(rate >= Target ? "met" : "not met")}) | {host.Partner.RepeatedOrders:N0} | {peak / 1048576.0:F0} MiB |
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

    private static string OrderBody(int i) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"platformId":"{{PartnerBenchmarkHost.PlatformId}}","orderId":"BENCH-MY-{{i:D6}}","version":1,"eventType":"received","occurredAt":"2026-11-20T03:40:00Z",
         "buyer":{"id":"C-MY-{{i:D6}}","name":"Benchmark buyer {{i}}","country":"MY","kind":"consumer"},
         "seller":{"id":"S-ZJ-0091","name":"Shaoxing Precision Pumps Co.","country":"CN"},"currency":"MYR",
         "lines":[{"sku":"PUMP-MINI-12V","description":"12 V garden fountain pump","hsCode":"841370","quantity":1,"unit":"pcs","unitPrice":89.9}]}
        """);
}
