using System.Globalization;

namespace Hub.Benchmarks.Soak;

/// <summary>
/// <c>soak</c>'s options. The issue's run is the default: 20 minutes measured, a sample every 30 s, retention windows of
/// 2 minutes, targets judged over the first and last 5 minutes (a quarter of the run, so a short smoke run scales them).
/// </summary>
public sealed record SoakOptions
{
    public double Minutes { get; init; } = 20;
    public int SampleSeconds { get; init; } = 30;
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>The first and last windows the throughput and flatness targets look at; a quarter of the run unless given.</summary>
    public int? WindowSeconds { get; init; }
    public int WarmUpSeconds { get; init; } = 10;
    /// <summary>The webhook benchmark's: workers, each with one request in flight on a connection of its own.</summary>
    public int Connections { get; init; } = 64;
    public int Pool { get; init; } = 50_000;
    public OrderVersions Versions { get; init; } = OrderVersions.Increasing;
    /// <summary>hub.db and its WAL together past this end the run early: without retention the file grows by tens of MB a second.</summary>
    public double MaxDatabaseGigabytes { get; init; } = 30;
    public bool WriteDocs { get; init; }

    public static readonly TimeSpan MinSweepInterval = TimeSpan.FromSeconds(15);

    public TimeSpan Duration => TimeSpan.FromSeconds(Math.Round(Minutes * 60));
    public TimeSpan SampleInterval => TimeSpan.FromSeconds(SampleSeconds);
    public TimeSpan WarmUp => TimeSpan.FromSeconds(WarmUpSeconds);
    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds ?? Duration.TotalSeconds / 4);
    /// <summary>A quarter of the retention window, so that nothing outlives it by more than a quarter; at least 15 s.</summary>
    public TimeSpan SweepInterval => Retention / 4 > MinSweepInterval ? Retention / 4 : MinSweepInterval;
    /// <summary>From the first webhook: by then the oldest records are past the window and a sweep has run since.</summary>
    public TimeSpan SettledAfter => Retention + SweepInterval;
    public bool IsIssueRun => Duration == TimeSpan.FromMinutes(20) && Retention == TimeSpan.FromMinutes(2) && SampleInterval == TimeSpan.FromSeconds(30);

    /// <summary>The settings the retention work reads (a hub without them ignores them).</summary>
    public IReadOnlyList<string> RetentionArguments() =>
    [
        .. new[] { "DeliveryIds", "Uploads", "ReportResults", "DeadLetters" }.Select(name => $"--Hub:Retention:{name}={Format(Retention)}"),
        $"--Hub:Retention:SweepInterval={Format(SweepInterval)}",
    ];

    public static string Format(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);

    public string CommandLine() =>
        "dotnet run -c Release --project tests/Hub.Benchmarks -- soak" +
        $" --minutes {Minutes.ToString(CultureInfo.InvariantCulture)} --sample-seconds {SampleSeconds} --retention {Format(Retention)}" +
        (WindowSeconds is { } w ? $" --window-seconds {w}" : "") +
        (WarmUpSeconds != 10 ? $" --warmup {WarmUpSeconds}" : "") +
        (Connections != 64 ? $" --connections {Connections}" : "") +
        $" --pool {Pool} --versions {Versions.ToString().ToLowerInvariant()}" +
        (WriteDocs ? " --write-docs" : "");

    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--write-docs")
            {
                options = options with { WriteDocs = true };
                continue;
            }
            var value = i + 1 < args.Count ? args[i + 1] : null;
            options = args[i] switch
            {
                "--minutes" => options with { Minutes = Decimal(args[i], value, 0.5, 24 * 60) },
                "--sample-seconds" => options with { SampleSeconds = Number(args[i], value, 1, 3600) },
                "--retention" => options with { Retention = Span(args[i], value) },
                "--window-seconds" => options with { WindowSeconds = Number(args[i], value, 1, 24 * 3600) },
                "--warmup" => options with { WarmUpSeconds = Number(args[i], value, 0, 300) },
                "--connections" => options with { Connections = Number(args[i], value, 1, 4096) },
                "--pool" => options with { Pool = Number(args[i], value, 1, 10_000_000) },
                "--versions" => options with
                {
                    Versions = Enum.TryParse<OrderVersions>(value, ignoreCase: true, out var v) && Enum.IsDefined(v)
                        ? v
                        : throw new ArgumentException($"--versions takes increasing or same, not '{value}'."),
                },
                "--max-db-gb" => options with { MaxDatabaseGigabytes = Decimal(args[i], value, 0.1, 1000) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
            i++;
        }
        return options.Validated();
    }

    private SoakOptions Validated()
    {
        var samples = Duration.TotalSeconds / SampleSeconds;
        if (samples != Math.Floor(samples) || samples < 2)
            throw new ArgumentException($"--minutes must be a whole number (at least 2) of --sample-seconds: {Duration.TotalSeconds} s is not, with {SampleSeconds} s samples.");
        var window = Window.TotalSeconds / SampleSeconds;
        if (window != Math.Floor(window) || window < 1 || Window > Duration)
            throw new ArgumentException($"The window ({Window.TotalSeconds} s; a quarter of the run unless --window-seconds) must be a whole number of samples and no longer than the run.");
        return this;
    }

    private static int Number(string name, string? text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} takes a whole number from {min} to {max}, not '{text}'.");

    private static double Decimal(string name, string? text, double min, double max) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} takes a number from {min} to {max}, not '{text}'.");

    private static TimeSpan Span(string name, string? text) =>
        TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new ArgumentException($"{name} takes a positive time span as hh:mm:ss, not '{text}'.");
}
