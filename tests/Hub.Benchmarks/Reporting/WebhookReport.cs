using System.Globalization;
using System.Text;
using Hub.Benchmarks.Load;

namespace Hub.Benchmarks.Reporting;

/// <summary>The <c>## Order webhooks (Standalone)</c> section of docs/benchmarks.md, and the verdict on the issue's targets.</summary>
public sealed record WebhookReport(
    MachineInfo Machine,
    WebhookBenchmarkOptions Options,
    int BodyBytes,
    LoadResult Bare,
    LoadResult Standalone,
    TimeSpan? Drain,
    ProbeResult Idle,
    ProbeResult UnderLoad,
    LoadResult UnderLoadBackground,
    int UnderLoadWorkers,
    IReadOnlyList<string> StandaloneProblems)
{
    public const string Heading = "## Order webhooks (Standalone)";
    public const double TargetRate = 15_000;
    public const double TargetP99Milliseconds = 50;
    public const double TargetShareOfBare = 0.20;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public double ShareOfBare => Standalone.AcceptedPerSecond / Bare.AcceptedPerSecond;

    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            void Check(string what, LoadResult r)
            {
                if (r.OtherAnswers.Count > 0) failures.Add($"{what}: answers other than 202: {Others(r)}; e.g. {string.Join(" | ", r.FailureSamples)}");
                if (r.Exhausted) failures.Add($"{what}: ran out of pre-built deliveries before the end (the figures undercount)");
            }
            Check("bare server", Bare);
            Check("Standalone", Standalone);
            Check("Standalone background load during the probe", UnderLoadBackground);
            if (Drain is null) failures.Add("Standalone: the last accepted order never became readable after the load stopped");
            failures.AddRange(Idle.Failures.Take(5).Select(f => "202-to-queryable, idle: " + f));
            failures.AddRange(UnderLoad.Failures.Take(5).Select(f => "202-to-queryable, under load: " + f));
            return failures;
        }
    }

    public string ToMarkdown()
    {
        var o = Options;
        var m = Machine;
        var s = new StringBuilder();
        s.AppendLine(Heading).AppendLine();
        s.AppendLine(Invariant, $"Run {m.At:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project tests/Hub.Benchmarks -- webhooks --seconds {o.Seconds} --connections {o.Connections}`.");
        s.AppendLine(Invariant, $"Machine: {m.Cpus} CPUs (`nproc`; {m.CpuModel}), {m.Memory}, .NET SDK {m.DotnetSdk} ({m.Runtime}), commit `{m.Commit}`; load average at the start {m.LoadAverage}.");
        s.AppendLine();
        s.AppendLine(Invariant, $"""
            How: load generator, server and everything else on the machine share those CPUs; the load goes over loopback, HTTP/1.1,
            {o.Connections} workers on at most {o.Connections} connections, each worker with one request in flight (closed loop). Per endpoint:
            {o.WarmUp.TotalSeconds:F0} s warm-up (not counted), then {o.Seconds} s measured; an answer counts when it completes inside that window,
            and its latency runs from sending to having read the whole answer. The bare server ran first, alone, then Standalone,
            alone (not interleaved). Standalone: fresh data folder, logs at Warning, every delivery distinct (delivery id and order id),
            signed for `zj-industrial` (standard-webhooks) before the clock started, {BodyBytes}-byte bodies like
            `seeds/webhooks/01-zj-order-received.json`; the bare server got the same bodies and headers.
            """);
        s.AppendLine();
        s.AppendLine("| endpoint | accepted/s | p50 ms | p90 ms | p99 ms | max ms | other answers | CPU cores: server / load generator / whole machine |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        s.AppendLine(Row("bare Kestrel (slim builder): read the body, 202 + small JSON", Bare, "bare server"));
        s.AppendLine(Row("Standalone `POST /api/webhooks/orders/zj-industrial`", Standalone, "Standalone"));
        s.AppendLine();
        s.AppendLine("Where the CPU went (cores, by .NET thread name, busiest first):").AppendLine();
        s.AppendLine(Threads("bare server", Bare, "bare server"));
        s.AppendLine(Threads("load generator (during the bare run)", Bare, "load generator"));
        s.AppendLine(Threads("Standalone", Standalone, "Standalone"));
        s.AppendLine(Threads("load generator (during the Standalone run)", Standalone, "load generator"));
        s.AppendLine();
        s.AppendLine("""
            202 to queryable: after each 202, `GET /api/orders/zj-industrial/{orderId}` (Bearer `sample-admin-key`) is sent again
            at once until it answers 200; the time runs from the 202 arriving to the 200 arriving.
            """);
        s.AppendLine();
        s.AppendLine("| when | webhooks | p50 ms | p99 ms | max ms | GETs per webhook |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var drained = Drain is { } d ? $"the last accepted order was readable {d.TotalSeconds.ToString("F2", Invariant)} s after the load stopped" : "the backlog never drained";
        s.AppendLine(ProbeRow($"one at a time, Standalone otherwise idle ({drained})", Idle));
        s.AppendLine(ProbeRow(
            $"one at a time while {UnderLoadWorkers} workers keep posting ({Number(UnderLoadBackground.AcceptedPerSecond)} accepted/s meanwhile, " +
            $"CPU {Cores(UnderLoadBackground, "Standalone")} / {Cores(UnderLoadBackground, "load generator")} / {MachineCores(UnderLoadBackground)})", UnderLoad));
        s.AppendLine();
        s.AppendLine("Targets from the issue:");
        s.AppendLine();
        s.AppendLine("| target | measured | met |");
        s.AppendLine("| --- | --- | --- |");
        var rateMet = Standalone.AcceptedPerSecond >= TargetRate;
        var p99Met = Standalone.Latency.P99 < TargetP99Milliseconds;
        var shareMet = ShareOfBare >= TargetShareOfBare;
        s.AppendLine(Invariant, $"| >= {Number(TargetRate)} accepted/s | {Number(Standalone.AcceptedPerSecond)}/s | {Verdict(rateMet)} |");
        s.AppendLine(Invariant, $"| webhook p99 < {TargetP99Milliseconds:F0} ms | {Ms(Standalone.Latency.P99)} ms | {Verdict(p99Met)} |");
        s.AppendLine(Invariant, $"| >= {Percent(TargetShareOfBare, "F0")} of the bare endpoint's rate | {Percent(ShareOfBare, "F1")} ({Number(Standalone.AcceptedPerSecond)} of {Number(Bare.AcceptedPerSecond)}/s) | {Verdict(shareMet)} |");
        s.AppendLine();
        var met = new[] { (rateMet, "throughput"), (p99Met, "p99"), (shareMet, "share of bare") };
        s.AppendLine(Invariant, $"Met: {List(met.Where(x => x.Item1))}. Not met: {List(met.Where(x => !x.Item1))}.");
        if (Failures is { Count: > 0 } failures)
        {
            s.AppendLine();
            s.AppendLine("**This run had failures; its figures are not valid:**");
            foreach (var failure in failures) s.AppendLine("- " + failure.ReplaceLineEndings(" "));
        }
        if (StandaloneProblems.Count > 0)
        {
            s.AppendLine();
            s.AppendLine(Invariant, $"Standalone logged {StandaloneProblems.Count} warning or error line(s), e.g. `{StandaloneProblems[0].Trim()}`.");
        }
        return s.ToString();
    }

    private static string Row(string name, LoadResult r, string server)
    {
        var l = r.Latency;
        return $"| {name} | {Number(r.AcceptedPerSecond)} | {Ms(l.P50)} | {Ms(l.P90)} | {Ms(l.P99)} | {Ms(l.Max)} | {(r.OtherAnswers.Count == 0 ? "none" : "**" + Others(r) + "**")} " +
            $"| {Cores(r, server)} / {Cores(r, "load generator")} / {MachineCores(r)} |";
    }

    private static string Threads(string label, LoadResult r, string process)
    {
        if (r.Cpu?.Threads.TryGetValue(process, out var threads) != true || threads!.Count == 0) return $"- {label}: n/a";
        var shown = threads.Take(5).Select(t => $"`{t.Key}` {t.Value.ToString("F2", Invariant)}");
        var rest = threads.Skip(5).Sum(t => t.Value);
        return $"- {label}: {string.Join(", ", shown)}{(rest >= 0.005 ? $", others {rest.ToString("F2", Invariant)}" : "")}";
    }

    private static string ProbeRow(string name, ProbeResult p) =>
        $"| {name} | {Number(p.Lag.Count)} | {Ms(p.Lag.P50)} | {Ms(p.Lag.P99)} | {Ms(p.Lag.Max)} | {p.ReadsPerWebhook.ToString("F1", Invariant)} |";

    private static string Others(LoadResult r) => string.Join(", ", r.OtherAnswers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value.ToString("N0", Invariant)}"));

    private static string Cores(LoadResult r, string process) =>
        r.Cpu?.Cores.TryGetValue(process, out var c) == true ? c.ToString("F2", Invariant) : "n/a";

    private static string MachineCores(LoadResult r) => r.Cpu?.MachineCores?.ToString("F2", Invariant) ?? "n/a";

    private static string Number(double n) => n.ToString("N0", Invariant);

    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms.ToString(ms < 10 ? "F2" : ms < 100 ? "F1" : "F0", Invariant);

    private static string Percent(double share, string format) => (share * 100).ToString(format, Invariant) + "%";

    private static string Verdict(bool met) => met ? "yes" : "**no**";

    private static string List(IEnumerable<(bool, string Name)> items) => items.Select(i => i.Name).DefaultIfEmpty("none").Aggregate((a, b) => a + ", " + b);
}
