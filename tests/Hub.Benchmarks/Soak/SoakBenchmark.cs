using System.Diagnostics;
using System.Text.Json;
using Hub.Benchmarks.Load;
using Hub.Benchmarks.Reporting;
using Hub.Testing;

namespace Hub.Benchmarks.Soak;

/// <summary>
/// <c>soak</c>: signed order webhooks at full rate into the real Standalone (a child process with a fresh data folder
/// and shortened retention windows) for many minutes, sampling the hub from outside at a fixed interval, then judging
/// the targets: memory and hub.db flat once the retention window has passed, throughput steady, and still
/// at the webhook benchmark's target.
/// </summary>
public static class SoakBenchmark
{
    public const string Command = "soak";

    private static string StandaloneDll => Path.Combine(RepositoryPaths.Root, "functions", "Hub.Standalone", "bin", "Release", "net10.0", "Hub.Standalone.dll");
    private static string DocumentPath => Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");
    private static string ResultsFolder => Path.Combine(RepositoryPaths.Root, "TestResults", "soak");

    public static async Task<int> RunAsync(string[] args)
    {
        SoakOptions options;
        try
        {
            options = SoakOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        if (RepositoryPaths.Configuration != "Release")
        {
            Console.Error.WriteLine("Run the harness in Release: dotnet run -c Release --project tests/Hub.Benchmarks -- soak");
            return 2;
        }
        if (!File.Exists(StandaloneDll))
        {
            Console.Error.WriteLine($"{StandaloneDll} is missing: dotnet build -c Release tests/Hub.Benchmarks builds it too.");
            return 2;
        }

        var machine = MachineInfo.Collect();
        var deliveries = OrderUpdateDeliveries.FromSeeds(options.Pool, options.Versions);
        Console.WriteLine($"{machine.Cpus} CPUs, load average {machine.LoadAverage}; {options.Connections} workers and connections; " +
            $"{options.WarmUp.TotalSeconds:F0} s warm-up + {options.Duration.TotalMinutes:0.##} min measured, a sample every {options.SampleSeconds} s; " +
            $"retention {SoakOptions.Format(options.Retention)}, sweep every {SoakOptions.Format(options.SweepInterval)}; " +
            $"{options.Pool:N0} orders, versions {options.Versions.ToString().ToLowerInvariant()}.");
        Console.WriteLine("Standalone arguments: " + string.Join(' ', options.RetentionArguments()));

        var dataPath = Path.Combine(Path.GetTempPath(), "hub-soak-" + Guid.NewGuid().ToString("N"));
        SoakReport report;
        try
        {
            await using var standalone = await StandaloneProcess.StartAsync(dataPath, settings: new Dictionary<string, string>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            }, arguments: options.RetentionArguments());
            using var process = ChildProcesses.FindByArgument(dataPath);
            if (process is null)
            {
                Console.Error.WriteLine("Standalone's process was not found in /proc: the soak reads its resident set from there (Linux only).");
                return 2;
            }
            var probe = new HubProbe(process.Id, Path.Combine(dataPath, "hub.db"));
            var run = await DriveAsync(options, deliveries, standalone, process, probe);
            var problems = standalone.Output.Split('\n')
                .Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal))
                .Select(l => l.TrimEnd()).ToList();
            report = new SoakReport(machine, options, run, problems);
        }
        finally
        {
            try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
        }

        Console.WriteLine();
        foreach (var verdict in report.Verdicts) Console.WriteLine(verdict.ToConsoleLine());
        var markdown = report.ToMarkdown();
        Directory.CreateDirectory(ResultsFolder);
        var stem = Path.Combine(ResultsFolder, $"soak-{machine.At:yyyyMMdd-HHmmss}");
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(report.ToJson(), new JsonSerializerOptions { WriteIndented = true }));
        await File.WriteAllTextAsync(stem + ".md", markdown);
        Console.WriteLine($"Written to {stem}.json and .md.");

        if (report.Failures.Count > 0)
        {
            Console.Error.WriteLine($"FAILED: {report.Failures.Count} problem(s) in this run; docs/benchmarks.md is left as it was.");
            foreach (var failure in report.Failures) Console.Error.WriteLine("  " + failure);
            return 1;
        }
        if (options.WriteDocs)
        {
            BenchmarksDocument.ReplaceSection(DocumentPath, markdown);
            Console.WriteLine($"Written to {DocumentPath}.");
        }
        return 0;
    }

    private static async Task<SoakRun> DriveAsync(SoakOptions options, OrderUpdateDeliveries deliveries, StandaloneProcess standalone, Process process, HubProbe probe)
    {
        var before = probe.Read();
        var target = LoadClient.WebhookTarget(standalone.BaseAddress);
        var generator = new LoadGenerator(target, deliveries, options.Connections);
        var maxBytes = (long)(options.MaxDatabaseGigabytes * 1024 * 1024 * 1024);
        var samples = new List<SoakSample>();
        string? stoppedEarly = null;

        var loadStarted = Stopwatch.GetTimestamp();
        generator.Start();
        var meter = Meter(process);
        meter.Start();
        await Task.Delay(options.WarmUp);

        var measureStarted = Stopwatch.GetTimestamp();
        var acceptedAtStart = generator.AcceptedSoFar;
        samples.Add(Sample(0, measureStarted, loadStarted, acceptedAtStart, acceptedAtStart, generator.OtherSoFar, meter.Stop(), probe.Read(), deliveries, options, previous: null));
        meter = Meter(process);
        meter.Start();
        Console.WriteLine(SoakSample.ConsoleHeader);
        Console.WriteLine(samples[0].ToConsoleLine());

        var count = (int)(options.Duration / options.SampleInterval);
        for (var k = 1; k <= count; k++)
        {
            var due = measureStarted + (long)(options.SampleInterval.TotalSeconds * k * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var now = Stopwatch.GetTimestamp();
            var accepted = generator.AcceptedSoFar;
            var other = generator.OtherSoFar;
            var cpu = meter.Stop();
            meter = Meter(process);
            meter.Start();
            var sample = Sample(k, now, loadStarted, accepted, acceptedAtStart, other, cpu, probe.Read(), deliveries, options, samples[^1]);
            samples.Add(sample);
            Console.WriteLine(sample.ToConsoleLine());

            process.Refresh();
            if (process.HasExited)
            {
                stoppedEarly = $"Standalone exited after {sample.ElapsedSeconds:F0} s";
                break;
            }
            if (sample.Hub.DatabaseAndWalBytes > maxBytes)
            {
                stoppedEarly = $"hub.db and its WAL passed --max-db-gb {options.MaxDatabaseGigabytes} GB after {sample.ElapsedSeconds:F0} s";
                break;
            }
        }
        var measureEnded = samples[^1].Timestamp;
        await generator.StopAsync();
        var overall = generator.Summarise(measureStarted, measureEnded);
        if (stoppedEarly is not null) Console.Error.WriteLine("STOPPED EARLY: " + stoppedEarly);
        var check = process.HasExited ? null : await OrderCheck.RunAsync(standalone.BaseAddress, deliveries.Taken, options);
        if (check is not null) Console.WriteLine("Order check: " + check.Describe());
        return new SoakRun(before, samples, overall, stoppedEarly, check);
    }

    /// <summary>The sample at <paramref name="now"/>; its rates cover the time since <paramref name="previous"/>, or since the load started (the warm-up).</summary>
    private static SoakSample Sample(int index, long now, long loadStarted, long acceptedSoFar, long acceptedAtStart, long otherSoFar,
        CpuUsage cpu, HubReading hub, OrderUpdateDeliveries deliveries, SoakOptions options, SoakSample? previous)
    {
        var interval = Stopwatch.GetElapsedTime(previous?.Timestamp ?? loadStarted, now);
        return new SoakSample(
            Index: index,
            Timestamp: now,
            ElapsedSeconds: previous is null ? 0 : previous.ElapsedSeconds + interval.TotalSeconds,
            SinceLoadStartSeconds: Stopwatch.GetElapsedTime(loadStarted, now).TotalSeconds,
            AcceptedPerSecond: (acceptedSoFar - (previous?.AcceptedSinceLoadStart ?? 0)) / interval.TotalSeconds,
            AcceptedSinceLoadStart: acceptedSoFar,
            AcceptedSinceMeasureStart: acceptedSoFar - acceptedAtStart,
            OtherAnswers: otherSoFar - (previous?.OtherAnswersTotal ?? 0),
            OtherAnswersTotal: otherSoFar,
            PoolRounds: deliveries.Taken / (double)options.Pool,
            HubCores: cpu.Cores.GetValueOrDefault(StandaloneName),
            HarnessCores: cpu.Cores.GetValueOrDefault(HarnessName),
            MachineCores: cpu.MachineCores,
            Hub: hub);
    }

    private const string StandaloneName = "Standalone";
    private const string HarnessName = "load generator";

    private static CpuMeter Meter(Process standalone) =>
        new([(HarnessName, Process.GetCurrentProcess()), (StandaloneName, standalone)]);
}
