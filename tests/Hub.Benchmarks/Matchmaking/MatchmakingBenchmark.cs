using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json;
using Hub.Benchmarks.Reporting;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Scoring;
using Hub.Testing;
using Hub.Testing.Matchmaking;

namespace Hub.Benchmarks.Matchmaking;

/// <summary>What one child process measured for one expo size.</summary>
public sealed record MatchmakingResult(
    string Size, int Exhibitors, int Buyers, double GenerateSeconds,
    long PairsConsidered, int PairsKept, int BuyersWithPlausiblePartner, double ScoringSeconds,
    bool Scheduled, double SchedulingSeconds, double WholeRunSeconds, int Meetings, int BuyersWithMeeting, double Objective, double UpperBound, double Gap,
    long PeakWorkingSetBytes, long AllocatedBytes, int Gen2Collections, string Gc, double CpuSeconds = 0, string LoadAverage = "");

/// <summary>
/// <c>matchmaking [--sizes small,target,large] [--seed 1] [--write-docs]</c>: a synthetic expo of each size
/// (<see cref="SyntheticExpos"/>: 3 days x 16 slots, 400 tables, exhibitors up to 24 meetings, buyers up to 8), run through
/// <see cref="MatchmakingEngine"/> in a fresh child process each, so that each size's peak working set is its own.
/// The scheduler is handed in by <c>Program.cs</c>; without one, only the candidate and scoring stage is measured.
/// </summary>
public static class MatchmakingBenchmark
{
    public const string Command = "matchmaking";
    public const string Heading = "## Matchmaking (engine)";
    private const string ChildFlag = "--child";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string DocumentPath => Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");

    public static readonly (string Name, int Exhibitors, int Buyers)[] Sizes =
    [
        ("small", 500, 2_000),
        ("target", 2_000, 10_000),
        ("large", 5_000, 25_000),
    ];

    public static SyntheticExpoShape Shape(int exhibitors, int buyers, int seed) =>
        new(exhibitors, buyers, Days: 3, SlotsPerDay: 16, Tables: 400, ExhibitorMaxMeetings: 24, BuyerMaxMeetings: 8, Seed: seed);

    public static int Run(string[] args, Func<IMeetingScheduler>? scheduler)
    {
        if (args is [ChildFlag, ..]) return RunChild(args, scheduler);
        var sizes = Sizes.Select(s => s.Name).ToList();
        var seed = 1;
        var writeDocs = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--sizes" && i + 1 < args.Length) sizes = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            else if (args[i] == "--seed" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, Inv, out var s)) { seed = s; i++; }
            else if (args[i] == "--write-docs") writeDocs = true;
            else return Usage();
        }
        if (sizes.Count == 0 || sizes.Any(s => Sizes.All(known => known.Name != s))) return Usage();
        if (RepositoryPaths.Configuration != "Release")
        {
            Console.Error.WriteLine("Run the harness in Release: dotnet run -c Release --project tests/Hub.Benchmarks -- matchmaking");
            return 2;
        }

        var machine = MachineInfo.Collect();
        var results = new List<MatchmakingResult>();
        foreach (var size in sizes)
        {
            var (name, exhibitors, buyers) = Sizes.Single(s => s.Name == size);
            Console.WriteLine($"{name}: {exhibitors:N0} exhibitors x {buyers:N0} buyers ...");
            var result = RunInChild(name, seed);
            results.Add(result);
            Console.WriteLine(result.Scheduled
                ? $"  scoring {result.ScoringSeconds:F2} s, scheduling {result.SchedulingSeconds:F2} s, whole run {result.WholeRunSeconds:F2} s, {result.Meetings:N0} meetings, gap {result.Gap:P2}, peak WS {result.PeakWorkingSetBytes / 1048576.0:N0} MiB"
                : $"  scoring {result.ScoringSeconds:F2} s, {result.PairsConsidered:N0} pairs considered, {result.PairsKept:N0} kept, peak WS {result.PeakWorkingSetBytes / 1048576.0:N0} MiB");
        }

        var markdown = ToMarkdown(machine, seed, results);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (writeDocs)
        {
            BenchmarksDocument.ReplaceSection(DocumentPath, markdown);
            Console.WriteLine($"Written to {DocumentPath}");
        }
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine($"Usage: {Command} [--sizes {string.Join(',', Sizes.Select(s => s.Name))}] [--seed 1] [--write-docs]");
        return 2;
    }

    private static MatchmakingResult RunInChild(string size, int seed)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(MatchmakingBenchmark).Assembly.Location, Command, ChildFlag, size, "--seed", seed.ToString(Inv) })
            info.ArgumentList.Add(arg);
        using var child = Process.Start(info)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"size {size} failed (exit {child.ExitCode}): {output}");
        return JsonSerializer.Deserialize<MatchmakingResult>(line["RESULT ".Length..])!;
    }

    /// <summary><c>matchmaking --child SIZE --seed N</c> (internal): one measured run of one size, printed as <c>RESULT {json}</c>.</summary>
    private static int RunChild(string[] args, Func<IMeetingScheduler>? scheduler)
    {
        var size = Sizes.Single(s => s.Name == args[1]);
        var seed = args.Length >= 4 ? int.Parse(args[3], Inv) : 1;

        // JIT the scorer (and the scheduler) on a small expo first: a server process would have run before.
        RunOnce(SyntheticExpos.Generate(Shape(50, 200, seed + 1)), scheduler);

        var clock = Stopwatch.StartNew();
        var problem = SyntheticExpos.Generate(Shape(size.Exhibitors, size.Buyers, seed));
        var generateSeconds = clock.Elapsed.TotalSeconds;

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var gen2Before = GC.CollectionCount(2);
        using var self = Process.GetCurrentProcess();
        var loadAverage = MachineInfo.LoadAverageNow();
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var run = RunOnce(problem, scheduler);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();

        var result = run with
        {
            Size = size.Name,
            GenerateSeconds = generateSeconds,
            PeakWorkingSetBytes = self.PeakWorkingSet64,
            AllocatedBytes = allocated,
            Gen2Collections = GC.CollectionCount(2) - gen2Before,
            Gc = GCSettings.IsServerGC ? "server" : "workstation",
            CpuSeconds = (self.TotalProcessorTime - cpuBefore).TotalSeconds,
            LoadAverage = loadAverage,
        };
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    private static MatchmakingResult RunOnce(MatchmakingProblem problem, Func<IMeetingScheduler>? scheduler)
    {
        var scorer = new CandidateScorer();
        var clock = Stopwatch.StartNew();
        if (scheduler is null)
        {
            var candidates = scorer.Score(problem, CancellationToken.None);
            var scoring = clock.Elapsed.TotalSeconds;
            var buyersWithPartner = candidates.Pairs.Select(p => p.Buyer).Distinct().Count();
            return new MatchmakingResult("", problem.Exhibitors.Count, problem.Buyers.Count, 0, candidates.PairsConsidered, candidates.Pairs.Count,
                buyersWithPartner, scoring, false, 0, scoring, 0, 0, 0, 0, 0, 0, 0, 0, "");
        }

        var outcome = new MatchmakingEngine(scorer, scheduler()).Run(problem, progress: null, CancellationToken.None);
        var whole = clock.Elapsed.TotalSeconds;
        var m = outcome.Metrics;
        return new MatchmakingResult("", problem.Exhibitors.Count, problem.Buyers.Count, 0, m.PairsConsidered, m.PairsScored,
            m.BuyersWithPlausiblePartner, m.ScoringTime.TotalSeconds, true, m.SchedulingTime.TotalSeconds, whole, m.MeetingsScheduled,
            m.BuyersWithMeeting, m.Objective, m.UpperBound, m.Gap, 0, 0, 0, "");
    }

    private static string ToMarkdown(MachineInfo m, int seed, IReadOnlyList<MatchmakingResult> results)
    {
        var s = new StringBuilder();
        s.AppendLine(Heading).AppendLine();
        s.AppendLine(Inv, $"Run {m.At:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project tests/Hub.Benchmarks -- matchmaking --write-docs` (seed {seed}).");
        s.AppendLine(Inv, $"Machine: {m.Cpus} CPUs (`nproc`; {m.CpuModel}), {m.Memory}, .NET SDK {m.DotnetSdk} ({m.Runtime}), commit `{m.Commit}`; load average at the start {m.LoadAverage}.");
        s.AppendLine();
        s.AppendLine("""
            How: each size is a synthetic expo (`tests/Hub.Testing/Matchmaking/SyntheticExpos.cs`: 3 days x 16 slots of 30 minutes,
            400 tables, exhibitors up to 24 meetings and buyers up to 8; real HS codes of twelve chapters, Chinese and English
            listings, half the buyers requesting up to 5 exhibitors, 2% blocking, 1% cancelled, 20% with partial availability),
            run in its own fresh child process after a warm-up on a 50 x 200 expo. Times are wall-clock of the measured run; the
            expo's generation is not counted. CPU s is the child's processor time over the run (both cores): on a machine shared
            with other work (see the load average when each size started) wall-clock grows, CPU time much less.

            Pairs considered: pairs the scorer's indexes brought together (HS chapter, significant keyword term, requests), of
            all exhibitor x buyer pairs. A shared 2-digit HS chapter alone makes a pair plausible, and machinery (84) and
            electrical goods (85) hold over a third of the participants, so most of these share only a chapter. Kept: after
            each buyer's cap (its best max(40, 4 x its meeting limit), plus every requested pair): what the selection gets.
            Peak working set is `Process.PeakWorkingSet64` of the child (the expo itself included); allocated is
            `GC.GetTotalAllocatedBytes` over the measured run.
            """);
        s.AppendLine();
        var scheduled = results.Any(r => r.Scheduled);
        if (scheduled)
        {
            s.AppendLine("| size | exhibitors x buyers | pairs considered (share of all) | pairs kept | scoring s | scheduling s | whole run s (CPU s) | meetings | buyers met / with a plausible partner | objective / bound (gap) | peak working set | allocated | load average |");
            s.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        }
        else
        {
            s.AppendLine("| size | exhibitors x buyers | pairs considered (share of all) | pairs kept | buyers with a plausible partner | scoring s (CPU s) | peak working set | allocated | gen 2 GCs | load average |");
            s.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        }
        foreach (var r in results)
        {
            var share = (double)r.PairsConsidered / ((long)r.Exhibitors * r.Buyers);
            var head = string.Create(Inv, $"| {r.Size} | {r.Exhibitors:N0} x {r.Buyers:N0} | {r.PairsConsidered:N0} ({share:P1}) | {r.PairsKept:N0} |");
            s.AppendLine(scheduled
                ? string.Create(Inv, $"{head} {r.ScoringSeconds:F2} | {r.SchedulingSeconds:F2} | {r.WholeRunSeconds:F2} ({r.CpuSeconds:F2}) | {r.Meetings:N0} | {r.BuyersWithMeeting:N0} / {r.BuyersWithPlausiblePartner:N0} | {r.Objective:N0} / {r.UpperBound:N0} ({r.Gap:P2}) | {r.PeakWorkingSetBytes / 1048576.0:N0} MiB | {r.AllocatedBytes / 1048576.0:N0} MiB | {r.LoadAverage} |")
                : string.Create(Inv, $"{head} {r.BuyersWithPlausiblePartner:N0} | {r.ScoringSeconds:F2} ({r.CpuSeconds:F2}) | {r.PeakWorkingSetBytes / 1048576.0:N0} MiB | {r.AllocatedBytes / 1048576.0:N0} MiB | {r.Gen2Collections} | {r.LoadAverage} |"));
        }
        s.AppendLine();
        s.AppendLine(Inv, $"GC: {results.FirstOrDefault()?.Gc ?? "?"} (as the project sets it).");
        if (!scheduled)
        {
            s.AppendLine();
            s.AppendLine("""
                This build has no scheduler handed in (`Program.cs` passes none), so only the candidate and scoring stage ran; with
                one, the same verb runs the whole engine and adds scheduling time, meetings, the bound and the gap.
                """);
        }
        return s.ToString();
    }
}
