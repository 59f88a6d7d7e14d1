using System.Globalization;
using System.Text;
using Hub.Benchmarks.Load;
using Hub.Benchmarks.Reporting;

namespace Hub.Benchmarks.Soak;

/// <param name="Before">The hub just started, before the first webhook.</param>
/// <param name="Samples">The first at the end of the warm-up (its rate is the warm-up's), then one per sample interval.</param>
/// <param name="Overall">Every answer of the measured time (from the end of the warm-up to the last sample).</param>
/// <param name="Check">The pool's first order read back after the load; null when the hub had exited.</param>
public sealed record SoakRun(HubReading Before, IReadOnlyList<SoakSample> Samples, LoadResult Overall, string? StoppedEarly, OrderCheckResult? Check);

/// <param name="Timestamp">Stopwatch ticks; for the harness, not the report.</param>
/// <param name="ElapsedSeconds">Since the end of the warm-up.</param>
/// <param name="SinceLoadStartSeconds">Since the first webhook: the age the oldest data in the hub can have.</param>
/// <param name="AcceptedPerSecond">202s over the interval before this sample.</param>
/// <param name="PoolRounds">Deliveries taken so far over the pool size: how many times each order has been sent.</param>
public sealed record SoakSample(
    int Index, long Timestamp, double ElapsedSeconds, double SinceLoadStartSeconds, double AcceptedPerSecond,
    long AcceptedSinceLoadStart, long AcceptedSinceMeasureStart, long OtherAnswers, long OtherAnswersTotal, double PoolRounds,
    double HubCores, double HarnessCores, double? MachineCores, HubReading Hub)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string ConsoleHeader =
        "elapsed s | accepted/s | non-202 | RSS MiB (anon + file) | hub.db MiB + WAL MiB | bus backlog | idempotency rows | pool rounds | CPU hub / harness / machine";

    public string ToConsoleLine() => string.Create(Invariant,
        $"{ElapsedSeconds,9:F0} | {AcceptedPerSecond,10:N0} | {OtherAnswers,7:N0} | {Mib(Hub.ResidentBytes),6:F0} ({Mib(Hub.ResidentAnonBytes):F0} + {Mib(Hub.ResidentFileBytes):F0}) | " +
        $"{Mib(Hub.DatabaseBytes),7:F0} + {Mib(Hub.WalBytes):F0} | {Count(Hub.BusBacklog),11} | {Count(Hub.IdempotencyRows),16} | {PoolRounds,11:F1} | " +
        $"{HubCores:F2} / {HarnessCores:F2} / {(MachineCores is { } m ? m.ToString("F2", Invariant) : "?")}");

    public static double Mib(long bytes) => bytes / 1024.0 / 1024.0;
    public static string Count(long? n) => n is { } v ? v.ToString("N0", Invariant) : "?";
}

/// <summary>One of the issue's targets: what was measured against what, and whether it was met.</summary>
public sealed record SoakVerdict(string Target, string Measured, bool Met)
{
    public string ToConsoleLine() => $"{(Met ? "PASS" : "MISS")}  {Target}: {Measured}";
}

/// <summary>The <c>## Soak (Standalone)</c> section of docs/benchmarks.md, the JSON beside it, and the verdicts on the issue's targets.</summary>
public sealed record SoakReport(MachineInfo Machine, SoakOptions Options, SoakRun Run, IReadOnlyList<string> StandaloneProblems)
{
    public const string Heading = "## Soak (Standalone)";
    public const double FlatTolerance = 0.10;
    public const double SteadyShare = 0.85;
    /// <summary>The webhook benchmark's throughput target.</summary>
    public const double TargetRate = WebhookReport.TargetRate;
    /// <summary>OrderProjection keeps an order's last 100 history entries: past that, an order's document stops growing.</summary>
    public const int HistoryCap = 100;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private IReadOnlyList<SoakSample> Measured => Run.Samples.Skip(1).ToList();
    private int WindowSamples => (int)(Options.Window / Options.SampleInterval);

    /// <summary>Samples taken once the retention window and one sweep interval have passed since the first webhook.</summary>
    public IReadOnlyList<SoakSample> Settled => Measured.Where(s => s.SinceLoadStartSeconds >= Options.SettledAfter.TotalSeconds).ToList();

    /// <summary>Samples taken in the last window (after its start; the sample at its very start belongs to the one before).</summary>
    public IReadOnlyList<SoakSample> LastWindow => Measured.TakeLast(WindowSamples).ToList();

    public double OverallRate => Run.Samples[^1].AcceptedSinceMeasureStart / Run.Samples[^1].ElapsedSeconds;

    public double FirstWindowRate => RateBetween(Run.Samples[0], Run.Samples[Math.Min(WindowSamples, Run.Samples.Count - 1)]);

    public double LastWindowRate => RateBetween(Run.Samples[Math.Max(0, Run.Samples.Count - 1 - WindowSamples)], Run.Samples[^1]);

    private static double RateBetween(SoakSample from, SoakSample to) =>
        to.ElapsedSeconds > from.ElapsedSeconds ? (to.AcceptedSinceMeasureStart - from.AcceptedSinceMeasureStart) / (to.ElapsedSeconds - from.ElapsedSeconds) : double.NaN;

    /// <summary>When the order documents stopped growing (every order of the pool had its 100 history entries), if they did.</summary>
    public double? HistoryFullAfterSeconds =>
        Options.Versions == OrderVersions.Same
            ? 0
            : Run.Samples.FirstOrDefault(s => s.AcceptedSinceLoadStart >= (long)HistoryCap * Options.Pool)?.SinceLoadStartSeconds;

    public IReadOnlyList<SoakVerdict> Verdicts =>
    [
        Flat("Standalone RSS (VmRSS) flat after the retention window", s => s.Hub.ResidentBytes),
        Flat("hub.db + hub.db-wal flat after the retention window", s => s.Hub.DatabaseAndWalBytes),
        new($"accepted/s over the last {Minutes(Options.Window)} >= {SteadyShare * 100:0}% of the first {Minutes(Options.Window)}",
            string.Create(Invariant, $"{LastWindowRate:N0}/s vs {FirstWindowRate:N0}/s: {LastWindowRate / FirstWindowRate * 100:F1}%"),
            LastWindowRate >= SteadyShare * FirstWindowRate),
        new($"accepted/s over the whole {Minutes(TimeSpan.FromSeconds(Run.Samples[^1].ElapsedSeconds))} >= {TargetRate:N0} (the webhook benchmark's target)",
            string.Create(Invariant, $"{OverallRate:N0}/s"), OverallRate >= TargetRate),
    ];

    /// <summary>What makes the run's figures unfit to record, as opposed to targets missed.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            if (Run.StoppedEarly is { } why) failures.Add("stopped early: " + why);
            if (Run.Check is { CaughtUpAfter: null } check) failures.Add("the updates were answered 202 but not all applied: " + check.Describe());
            if (Run.Overall.OtherAnswers.Count > 0)
                failures.Add($"answers other than 202: {Others(Run.Overall)}; e.g. {string.Join(" | ", Run.Overall.FailureSamples)}");
            return failures;
        }
    }

    private SoakVerdict Flat(string target, Func<SoakSample, long> value)
    {
        var settled = Settled;
        var last = LastWindow;
        var what = $"{target}: every sample of the last {Minutes(Options.Window)} within ±{FlatTolerance * 100:0}% of the median of the samples from {Options.SettledAfter.TotalSeconds:F0} s after the first webhook (retention + one sweep interval)";
        if (settled.Count == 0) return new SoakVerdict(what, "no sample was taken after the retention window had passed", false);
        var reference = Median(settled.Select(s => (double)value(s)));
        var deviations = last.Select(s => value(s) / reference - 1).ToList();
        var worst = deviations.MaxBy(Math.Abs);
        var measured = string.Create(Invariant,
            $"reference {SoakSample.Mib((long)reference):N0} MiB (median of {settled.Count}); last {Minutes(Options.Window)} {SoakSample.Mib(last.Min(value)):N0} to {SoakSample.Mib(last.Max(value)):N0} MiB, worst {worst:+0.0%;-0.0%}");
        return new SoakVerdict(what, measured, deviations.All(d => Math.Abs(d) <= FlatTolerance));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalSeconds % 60 == 0 ? $"{span.TotalMinutes:0} min" : string.Create(Invariant, $"{span.TotalSeconds:0} s");

    private static string Others(LoadResult r) => string.Join(", ", r.OtherAnswers.Select(a => $"{a.Key}: {a.Value}"));

    public string ToMarkdown()
    {
        var o = Options;
        var m = Machine;
        var last = Run.Samples[^1];
        var s = new StringBuilder();
        s.AppendLine(Heading).AppendLine();
        s.AppendLine(Invariant, $"Run {m.At:yyyy-MM-dd HH:mm} UTC: `{o.CommandLine()}`.");
        s.AppendLine(Invariant, $"Machine: {m.Cpus} CPUs (`nproc`; {m.CpuModel}), {m.Memory}, .NET SDK {m.DotnetSdk} ({m.Runtime}), commit `{m.Commit}`; load average at the start {m.LoadAverage}, at the end {MachineInfo.LoadAverageNow()}.");
        if (!o.IsIssueRun)
            s.AppendLine().AppendLine(Invariant,
                $"**Smoke run, not the issue's soak**: {Minutes(o.Duration)} measured, a sample every {o.SampleSeconds} s, retention {SoakOptions.Format(o.Retention)} " +
                $"(the issue's: 20 min, 30 s, 00:02:00); the first and last windows are {Minutes(o.Window)}.");
        if (Run.StoppedEarly is { } why) s.AppendLine().AppendLine($"**Stopped early**: {why}.");
        s.AppendLine();
        s.AppendLine(Invariant, $"""
            How: Standalone's Release build as a child process (fresh `--data` folder, loopback, logs at Warning) started with
            `{string.Join(' ', o.RetentionArguments())}` (a hub without these settings ignores them).
            {o.Connections} workers on as many HTTP/1.1 connections, one request in flight each (the `webhooks` benchmark's load generator),
            sent signed `zj-industrial` webhooks for {o.Pool:N0} orders taken round and round ({(o.Versions == OrderVersions.Increasing
                ? "each round one version newer, so every webhook is applied: an order's document grows until it holds the projection's last 100 history entries, then stays that size"
                : "every round at version 1: after the first, each webhook is accepted and the projection reads the order and leaves it")}),
            each with a delivery id unique for the whole run and signed as it is sent; so the read store is bounded and whatever keeps
            growing is the data retention governs (delivery ids, bus messages). {o.WarmUpSeconds} s warm-up, then a sample every {o.SampleSeconds} s:
            202s over the interval; VmRSS of the child (`/proc/<pid>/status`; anonymous + file-backed, which includes hub.db pages SQLite maps to read);
            the length of `hub.db` and `hub.db-wal`; and, through a read-only connection of the harness's own, `bus_messages` and `idempotency`
            rows, each counted as its rowid span (MAX - MIN + 1, two B-tree descents: exact while rows leave oldest first, an upper bound otherwise;
            a `COUNT(*)` would read the whole table). CPU in cores over each interval (hub / harness / whole machine).
            """);
        s.AppendLine();
        s.AppendLine(Invariant, $"Before the first webhook: RSS {SoakSample.Mib(Run.Before.ResidentBytes):F0} MiB, hub.db {SoakSample.Mib(Run.Before.DatabaseBytes):F1} MiB + WAL {SoakSample.Mib(Run.Before.WalBytes):F1} MiB.");
        s.AppendLine();
        s.AppendLine("| elapsed s | since first webhook s | accepted/s | non-202 | RSS MiB (anon + file) | hub.db MiB | WAL MiB | bus backlog rows | idempotency rows | pool rounds | CPU hub / harness / machine |");
        s.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var x in Run.Samples)
        {
            s.AppendLine(Invariant,
                $"| {(x.Index == 0 ? "0 (end of warm-up)" : x.ElapsedSeconds.ToString("F0", Invariant))} | {x.SinceLoadStartSeconds:F0} | {x.AcceptedPerSecond:N0} | {x.OtherAnswers:N0} | " +
                $"{SoakSample.Mib(x.Hub.ResidentBytes):F0} ({SoakSample.Mib(x.Hub.ResidentAnonBytes):F0} + {SoakSample.Mib(x.Hub.ResidentFileBytes):F0}) | " +
                $"{SoakSample.Mib(x.Hub.DatabaseBytes):N0} | {SoakSample.Mib(x.Hub.WalBytes):N0} | {SoakSample.Count(x.Hub.BusBacklog)} | {SoakSample.Count(x.Hub.IdempotencyRows)} | " +
                $"{x.PoolRounds:F1} | {x.HubCores:F2} / {x.HarnessCores:F2} / {(x.MachineCores is { } mc ? mc.ToString("F2", Invariant) : "?")} |");
        }
        s.AppendLine();
        var r = Run.Overall;
        s.AppendLine(Invariant,
            $"Over the measured {Minutes(TimeSpan.FromSeconds(last.ElapsedSeconds))}: {last.AcceptedSinceMeasureStart:N0} accepted, {OverallRate:N0}/s; latency p50 {WebhookReport.Ms(r.Latency.P50)} ms, " +
            $"p99 {WebhookReport.Ms(r.Latency.P99)} ms, max {WebhookReport.Ms(r.Latency.Max)} ms; answers other than 202 over the whole run: {(r.OtherAnswers.Count == 0 ? "none" : Others(r))}.");
        if (Run.Check is { } check) s.AppendLine().AppendLine($"After the load, order {check.Describe()}.");
        if (o.Versions == OrderVersions.Increasing)
            s.AppendLine().AppendLine(HistoryFullAfterSeconds is { } full
                ? string.Create(Invariant, $"Every order had its {HistoryCap} history entries (the read store at its bound) by the sample taken {full:F0} s after the first webhook; the flatness reference starts at {o.SettledAfter.TotalSeconds:F0} s{(full > o.SettledAfter.TotalSeconds ? ", so part of the hub.db growth it sees is the read store's, not retention's" : "")}.")
                : string.Create(Invariant, $"The order documents were still growing at the end ({last.PoolRounds:F1} rounds of the pool, short of {HistoryCap}): part of hub.db's growth is the read store's, not retention's. A smaller `--pool` bounds it sooner."));
        s.AppendLine();
        s.AppendLine(Invariant, $"""
            Targets from the issue. "Flat after the window": the reference is the median of every sample taken once the retention
            window and one sweep interval ({SoakOptions.Format(o.SettledAfter)}) have passed since the first webhook; every sample of the last {Minutes(o.Window)}
            must be within ±{FlatTolerance * 100:0}% of it. hub.db is judged with its WAL (their lengths added). The throughput windows are the first and the
            last {Minutes(o.Window)} of the measured time (a quarter of the run unless `--window-seconds`).
            """);
        s.AppendLine();
        s.AppendLine("| target | measured | met |");
        s.AppendLine("| --- | --- | --- |");
        foreach (var v in Verdicts) s.AppendLine($"| {v.Target} | {v.Measured} | {(v.Met ? "yes" : "**no**")} |");
        s.AppendLine();
        s.AppendLine($"Met: {Verdicts.Count(v => v.Met)} of {Verdicts.Count}.");
        if (StandaloneProblems.Count > 0)
            s.AppendLine().AppendLine($"Standalone logged {StandaloneProblems.Count} warning(s) or error(s); the first: `{StandaloneProblems[0].Replace('`', '\'')}`.");
        return s.ToString();
    }

    public object ToJson() => new
    {
        Machine,
        Options = new
        {
            Options.Minutes, Options.SampleSeconds, Retention = SoakOptions.Format(Options.Retention), SweepInterval = SoakOptions.Format(Options.SweepInterval),
            WindowSeconds = Options.Window.TotalSeconds, Options.WarmUpSeconds, Options.Connections, Options.Pool, Versions = Options.Versions.ToString(),
            SettledAfterSeconds = Options.SettledAfter.TotalSeconds, CommandLine = Options.CommandLine(), StandaloneArguments = Options.RetentionArguments(),
        },
        Run.Before,
        Samples = Run.Samples.Select(x => new
        {
            x.Index, x.ElapsedSeconds, x.SinceLoadStartSeconds, x.AcceptedPerSecond, x.AcceptedSinceMeasureStart, x.OtherAnswers, x.PoolRounds,
            x.Hub.ResidentBytes, x.Hub.ResidentAnonBytes, x.Hub.ResidentFileBytes, x.Hub.DatabaseBytes, x.Hub.WalBytes, x.Hub.BusBacklog, x.Hub.IdempotencyRows,
            x.HubCores, x.HarnessCores, x.MachineCores,
        }),
        Overall = new { OverallRate, FirstWindowRate, LastWindowRate, Run.Overall.Latency, Run.Overall.OtherAnswers, Run.Overall.FailureSamples },
        HistoryFullAfterSeconds,
        Verdicts,
        Run.StoppedEarly,
        Run.Check,
        StandaloneProblems = StandaloneProblems.Take(20),
    };
}
