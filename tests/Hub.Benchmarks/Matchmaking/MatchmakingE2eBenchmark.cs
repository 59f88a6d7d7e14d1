using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Benchmarks.Reporting;
using Hub.Benchmarks.Stock;
using Hub.Contracts;
using Hub.Matchmaking;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;
using Hub.Testing;
using Hub.Testing.Matchmaking;

namespace Hub.Benchmarks.Matchmaking;

/// <summary>
/// <c>matchmaking-e2e [--sizes small,target,large] [--write-docs]</c>: the issue's expos registered over HTTP in a Standalone
/// of their own (Release), a run requested, and its status followed until it is completed: the run's own duration (from its
/// start to the write that makes it completed: loading the participants, candidates, scores, selection, schedule and every
/// participant's meetings stored) and Standalone's peak resident set.
/// </summary>
public static class MatchmakingE2eBenchmark
{
    public const string Command = "matchmaking-e2e";
    public const string Heading = "## Matchmaking (end to end, Standalone)";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static string StandaloneDll => Path.Combine(RepositoryPaths.Root, "functions", "Hub.Standalone", "bin", "Release", "net10.0", "Hub.Standalone.dll");

    private static readonly (string Name, int Exhibitors, int Buyers)[] Sizes =
    [
        ("small", 500, 2_000),
        ("target", 2_000, 10_000),
        ("large", 5_000, 25_000),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Sizes.Select(s => s.Name).ToList();
        var writeDocs = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sizes" when i + 1 < args.Length: sizes = args[++i].Split(',').ToList(); break;
                case "--write-docs": writeDocs = true; break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
            }
        }

        if (!File.Exists(StandaloneDll))
        {
            Console.Error.WriteLine($"{StandaloneDll} is missing: build first, dotnet build -c Release tests/Hub.Benchmarks");
            return 2;
        }

        var started = DateTimeOffset.UtcNow;
        var rows = new List<string>();
        foreach (var (name, exhibitors, buyers) in Sizes.Where(s => sizes.Contains(s.Name)))
        {
            Console.WriteLine($"{name}: {exhibitors:N0} exhibitors x {buyers:N0} buyers ...");
            var load = MachineInfo.LoadAverageNow();
            var result = await RunOneAsync(exhibitors, buyers);
            Console.WriteLine($"  registered in {result.RegisterSeconds:F1} s; run {result.RunSeconds:F2} s, {result.Meetings:N0} meetings, peak RSS {result.PeakBytes / 1048576.0:F0} MiB");
            rows.Add($"| {name} | {exhibitors:N0} x {buyers:N0} | {result.RegisterSeconds:F1} | {result.RunSeconds:F2} | {result.Meetings:N0} | " +
                $"{result.BuyersMet:N0} / {result.BuyersWithPartner:N0} | {result.Objective.ToString("N0", Invariant)} / {result.Bound.ToString("N0", Invariant)} ({result.Gap:P2}) | " +
                $"{result.PeakBytes / 1048576.0:F0} MiB | {load} |");
        }

        var machine = MachineInfo.Collect();
        var markdown = $"""
            {Heading}

            Run {started:yyyy-MM-dd HH:mm} UTC: `dotnet run -c Release --project tests/Hub.Benchmarks -- {Command} --write-docs`.
            Machine: {machine.Cpus} CPUs (`nproc`; {machine.CpuModel}), {machine.Memory}, .NET SDK {machine.DotnetSdk} ({machine.Runtime}), commit `{machine.Commit}`; load average at the start {machine.LoadAverage}.

            How: each size is the synthetic expo of "Matchmaking (engine)" (seed 1), registered over HTTP in a fresh Standalone
            (Release, its own data folder): `PUT /api/expos/{"{expoId}"}`, exhibitors and buyers as JSON arrays of at most 5,000
            records (cancelled participants are left out: registration takes only active ones). Then
            `POST .../matchmaking-runs`, and `GET .../matchmaking-runs/{"{runId}"}` every 100 ms until it says completed. Run s is
            the run's own duration from its status (`durationSeconds`: from the engine consumer taking the request to the one
            write that makes the run completed, after every participant's meetings document is stored in SQLite). Peak RSS is
            Standalone's `VmHWM` over its whole life (registration included).

            | size | exhibitors x buyers | registration s | run s (load, score, select, schedule, store) | meetings | buyers met / with a plausible partner | objective / bound (gap) | Standalone peak RSS | load average |
            | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
            {string.Join("\n", rows)}
            """;
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (writeDocs)
        {
            var path = Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");
            BenchmarksDocument.ReplaceSection(path, markdown);
            Console.WriteLine($"Written to {path}");
        }

        return 0;
    }

    private sealed record Result(double RegisterSeconds, double RunSeconds, int Meetings, int BuyersMet, int BuyersWithPartner, double Objective, double Bound, double Gap, long PeakBytes);

    private static async Task<Result> RunOneAsync(int exhibitors, int buyers)
    {
        var problem = SyntheticExpos.Generate(MatchmakingBenchmark.Shape(exhibitors, buyers, seed: 1));
        var work = Path.Combine(Path.GetTempPath(), $"hub-matchmaking-e2e-{Environment.ProcessId}-{exhibitors}");
        Directory.CreateDirectory(work);
        try
        {
            var key = "bench-e2e-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var registryPath = Path.Combine(work, "registry.json");
            await File.WriteAllTextAsync(registryPath, Registry(key));
            var dataPath = Path.Combine(work, "data");
            await using var standalone = await StandaloneProcess.StartAsync(dataPath, registryPath, new Dictionary<string, string>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                // The start-up line StandaloneProcess waits for.
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            });
            using var process = ChildProcesses.FindByArgument(dataPath)
                ?? throw new InvalidOperationException("The Standalone child process was not found in /proc.");
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
            {
                BaseAddress = standalone.BaseAddress,
                Timeout = TimeSpan.FromMinutes(10),
                DefaultRequestVersion = HttpVersion.Version11,
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            var expoPath = $"/api/expos/{problem.Expo.ExpoId}";
            var clock = Stopwatch.StartNew();
            await SendAsync(http, HttpMethod.Put, expoPath, ExpoDeclaration(problem.Expo));
            var active = (Exhibitors: problem.Exhibitors.Where(p => !p.Cancelled).ToList(), Buyers: problem.Buyers.Where(p => !p.Cancelled).ToList());
            var activeIds = active.Exhibitors.Concat(active.Buyers).Select(p => p.Id).ToHashSet();
            // Exhibitors name buyers in their requests and blocks, and buyers exhibitors: exhibitors first without those,
            // then the buyers, then the exhibitors whole.
            await RegisterAsync(http, $"{expoPath}/exhibitors", active.Exhibitors.Select(p => p with { Requests = null, Blocked = null }));
            await RegisterAsync(http, $"{expoPath}/buyers", active.Buyers.Select(p => Only(p, activeIds)));
            await RegisterAsync(http, $"{expoPath}/exhibitors", active.Exhibitors.Select(p => Only(p, activeIds)));
            var registerSeconds = clock.Elapsed.TotalSeconds;

            using var accepted = JsonDocument.Parse(await SendAsync(http, HttpMethod.Post, $"{expoPath}/matchmaking-runs", "{}"));
            var statusUrl = accepted.RootElement.GetProperty("statusUrl").GetString()!;
            while (true)
            {
                await Task.Delay(100);
                using var status = JsonDocument.Parse(await SendAsync(http, HttpMethod.Get, statusUrl, null));
                var state = status.RootElement.GetProperty("status").GetString();
                if (state == "failed") throw new InvalidOperationException($"The run failed: {status.RootElement}");
                if (state != "completed") continue;
                var metrics = status.RootElement.GetProperty("metrics");
                return new Result(registerSeconds, status.RootElement.GetProperty("durationSeconds").GetDouble(),
                    metrics.GetProperty("meetingsScheduled").GetInt32(), metrics.GetProperty("buyersWithMeeting").GetInt32(),
                    metrics.GetProperty("buyersWithPlausiblePartner").GetInt32(), metrics.GetProperty("objective").GetDouble(),
                    metrics.GetProperty("upperBound").GetDouble(), metrics.GetProperty("gap").GetDouble(),
                    XlsxReadVariant.ProcStatus("VmHWM", process.Id));
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static Participant Only(Participant p, HashSet<string> active) => p with
    {
        Requests = p.Requests?.Where(active.Contains).ToList(),
        Blocked = p.Blocked?.Where(active.Contains).ToList(),
    };

    private static async Task RegisterAsync(HttpClient http, string path, IEnumerable<Participant> participants)
    {
        foreach (var chunk in participants.Chunk(5_000))
        {
            var array = new JsonArray(chunk.Select(p => JsonNode.Parse(HubJson.Serialize(p, MatchmakingJsonContext.Default.Participant))).ToArray());
            await SendAsync(http, HttpMethod.Put, path, array.ToJsonString());
        }
    }

    private static string ExpoDeclaration(Expo expo) => new JsonObject
    {
        ["name"] = expo.Name,
        ["timeZone"] = expo.TimeZone,
        ["days"] = new JsonArray(expo.Days.Select(d => (JsonNode)new JsonObject
        {
            ["date"] = d.Date.ToString("yyyy-MM-dd", Invariant),
            ["opens"] = d.Opens.ToString("HH:mm", Invariant),
            ["closes"] = d.Closes.ToString("HH:mm", Invariant),
        }).ToArray()),
        ["slotMinutes"] = expo.SlotMinutes,
        ["tables"] = expo.Tables,
        ["exhibitorMaxMeetings"] = expo.ExhibitorMaxMeetings,
        ["buyerMaxMeetings"] = expo.BuyerMaxMeetings,
    }.ToJsonString();

    private static async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} -> {(int)response.StatusCode}: {text[..Math.Min(text.Length, 2000)]}");
        return text;
    }

    private static string Registry(string key) => new JsonObject
    {
        ["$comment"] = "Written by the matchmaking-e2e benchmark for one run.",
        ["platforms"] = new JsonArray(),
        ["operators"] = new JsonArray(),
        ["apiKeys"] = new JsonArray(new JsonObject
        {
            ["name"] = "benchmark admin key",
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
            ["scope"] = "admin",
        }),
    }.ToJsonString();
}
