using System.Diagnostics;
using Hub.Benchmarks.Bare;
using Hub.Benchmarks.Load;
using Hub.Benchmarks.Reporting;
using Hub.Testing;

namespace Hub.Benchmarks;

/// <summary>
/// <c>webhooks</c>: the bare endpoint, then Standalone's order webhook, each under the same load; then how long an
/// accepted order takes to become queryable, idle and under load. Prints the Markdown and writes it to docs/benchmarks.md.
/// </summary>
public static class WebhookBenchmark
{
    public const string Command = "webhooks";

    private const int IdleProbes = 1_000;
    private const int LoadedProbes = 500;
    private const int WorkersDuringProbe = 32;
    private const int BarePoolSize = 10_000;
    private const double MaxStandaloneRate = 25_000;
    private const int MaxPrebuilt = 1_500_000;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);

    private static string StandaloneDll => Path.Combine(RepositoryPaths.Root, "functions", "Hub.Standalone", "bin", "Release", "net10.0", "Hub.Standalone.dll");
    private static string DocumentPath => Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");

    public static async Task<int> RunAsync(string[] args)
    {
        WebhookBenchmarkOptions options;
        try
        {
            options = WebhookBenchmarkOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        if (RepositoryPaths.Configuration != "Release")
        {
            Console.Error.WriteLine("Run the harness in Release: dotnet run -c Release --project tests/Hub.Benchmarks -- webhooks");
            return 2;
        }
        if (!File.Exists(StandaloneDll))
        {
            Console.Error.WriteLine($"{StandaloneDll} is missing. This harness builds nothing itself: run `dotnet build -c Release Hub.sln` first.");
            return 2;
        }

        var machine = MachineInfo.Collect();
        var deliveries = WebhookDeliveries.FromSeeds();
        Console.WriteLine($"{machine.Cpus} CPUs, load average {machine.LoadAverage}; {options.Connections} workers and connections, " +
            $"{options.WarmUp.TotalSeconds:F0} s warm-up + {options.Seconds} s per endpoint, {deliveries.BodyBytes}-byte bodies.");

        LoadResult? bare = null;
        if (!options.StandaloneOnly)
        {
            Console.WriteLine("Bare server ...");
            await using var server = await BareServerProcess.StartAsync();
            using var http = LoadClient.Create(options.Connections);
            var pool = new PrebuiltDeliveries(deliveries.Build("B", BarePoolSize, DateTimeOffset.UtcNow), cycle: true);
            bare = await MeasureAsync(http, server.BaseAddress, pool, options, ("bare server", server.Process));
            Print("bare", bare);
        }

        var dataPath = Path.Combine(Path.GetTempPath(), "hub-bench-" + Guid.NewGuid().ToString("N"));
        WebhookReport report;
        try
        {
            await using var standalone = await StandaloneProcess.StartAsync(dataPath, settings: new Dictionary<string, string>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            });
            using var process = ChildProcesses.FindByArgument(dataPath);
            using var http = LoadClient.Create(options.Connections);

            // Every delivery is distinct and sent once: enough for Standalone to go as fast as the bare server did.
            // Capped at 25,000/s, well past what a 2-core machine's Standalone reaches, so signing stays short;
            // the report says so if the pool runs dry.
            var needed = Math.Min(bare?.AcceptedPerSecond ?? MaxStandaloneRate, MaxStandaloneRate) * (options.WarmUp + options.Measured).TotalSeconds * 1.1 + 20_000;
            var count = (int)Math.Min(MaxPrebuilt, needed);
            Console.WriteLine($"Standalone: signing {count:N0} deliveries ...");
            var pool = new PrebuiltDeliveries(deliveries.Build("L", count, DateTimeOffset.UtcNow), cycle: false);
            var loaded = await MeasureAsync(http, standalone.BaseAddress, pool, options, ("Standalone", process));
            pool = null; // about 1 KB each: the GC may have them back before the probes
            Print("Standalone", loaded);
            if (bare is null) return 0;

            TimeSpan? drain = null;
            if (loaded.LastAccepted is { } last)
            {
                Console.WriteLine($"Waiting for {last.OrderId}, the last accepted order, to be readable ...");
                drain = await QueryableProbe.WaitUntilQueryableAsync(http, standalone.BaseAddress, last.OrderId, DrainTimeout);
            }

            Console.WriteLine($"202 to queryable: {IdleProbes:N0} webhooks one at a time ...");
            var idle = await QueryableProbe.RunAsync(http, standalone.BaseAddress, deliveries, "Q", IdleProbes);

            Console.WriteLine($"202 to queryable: {LoadedProbes:N0} webhooks while {WorkersDuringProbe} workers keep posting ...");
            var (underLoad, background) = await ProbeUnderLoadAsync(http, standalone.BaseAddress, deliveries, process);

            var problems = standalone.Output.Split('\n').Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
            report = new WebhookReport(machine, options, deliveries.BodyBytes, bare, loaded, drain, idle, underLoad, background, WorkersDuringProbe, problems);
        }
        finally
        {
            try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
        }

        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (report.Failures.Count > 0)
        {
            Console.Error.WriteLine($"FAILED: {report.Failures.Count} problem(s) in this run; docs/benchmarks.md is left as it was.");
            foreach (var failure in report.Failures) Console.Error.WriteLine("  " + failure);
            return 1;
        }
        BenchmarksDocument.ReplaceSection(DocumentPath, markdown);
        Console.WriteLine($"Written to {DocumentPath}.");
        return 0;
    }

    private static async Task<LoadResult> MeasureAsync(HttpClient http, Uri baseAddress, IDeliverySource source, WebhookBenchmarkOptions options, (string Name, Process? Process) server)
    {
        if (source is PrebuiltDeliveries prebuilt) prebuilt.FormatFor(LoadClient.WebhookTarget(baseAddress));
        var generator = new LoadGenerator(LoadClient.WebhookTarget(baseAddress), source, options.Connections);
        var cpu = Meter(server);
        generator.Start();
        await Task.Delay(options.WarmUp);
        var from = Stopwatch.GetTimestamp();
        cpu.Start();
        await Task.Delay(options.Measured);
        var to = Stopwatch.GetTimestamp();
        var usage = cpu.Stop();
        await generator.StopAsync();
        return generator.Summarise(from, to) with { Cpu = usage };
    }

    private static async Task<(ProbeResult Probe, LoadResult Background)> ProbeUnderLoadAsync(HttpClient http, Uri baseAddress, WebhookDeliveries deliveries, Process? standalone)
    {
        // Length unknown ahead, so the background signs as it goes: a few microseconds a request, next to the HTTP work.
        var background = new LoadGenerator(LoadClient.WebhookTarget(baseAddress), new SignedOnTheFly(deliveries, "U"), WorkersDuringProbe);
        var cpu = Meter(("Standalone", standalone));
        background.Start();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var from = Stopwatch.GetTimestamp();
        cpu.Start();
        var probe = await QueryableProbe.RunAsync(http, baseAddress, deliveries, "P", LoadedProbes);
        var to = Stopwatch.GetTimestamp();
        var usage = cpu.Stop();
        await background.StopAsync();
        return (probe, background.Summarise(from, to) with { Cpu = usage });
    }

    private static CpuMeter Meter((string Name, Process? Process) server)
    {
        var processes = new List<(string, Process)> { ("load generator", Process.GetCurrentProcess()) };
        if (server.Process is not null) processes.Add((server.Name, server.Process));
        return new CpuMeter(processes);
    }

    private static void Print(string name, LoadResult r) =>
        Console.WriteLine($"  {name}: {r.AcceptedPerSecond:N0} accepted/s, p50 {WebhookReport.Ms(r.Latency.P50)} ms, p90 {WebhookReport.Ms(r.Latency.P90)} ms, " +
            $"p99 {WebhookReport.Ms(r.Latency.P99)} ms, max {WebhookReport.Ms(r.Latency.Max)} ms, {r.Sent:N0} sent" +
            (r.OtherAnswers.Count > 0 ? $"; NON-202 ANSWERS: {string.Join(", ", r.OtherAnswers.Select(a => $"{a.Key}: {a.Value}"))}" : "") +
            (r.Exhausted ? "; RAN OUT OF DELIVERIES" : "") +
            (r.Cpu is { } cpu ? $"; CPU cores {string.Join(", ", cpu.Cores.Select(c => $"{c.Key} {c.Value:F2}"))}, machine {cpu.MachineCores:F2}" : ""));
}
