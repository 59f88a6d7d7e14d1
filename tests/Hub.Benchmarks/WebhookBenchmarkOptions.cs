using System.Globalization;

namespace Hub.Benchmarks;

/// <summary>
/// <c>--seconds</c> (measured, per endpoint), <c>--warmup</c> (seconds, per endpoint, not counted) and <c>--connections</c> (also the number of workers, each with one
/// request in flight).
/// </summary>
/// <c>--standalone-only</c> measures Standalone alone and stops there, writing nothing: for comparing changes quickly.
public sealed record WebhookBenchmarkOptions(int Seconds = 15, int Connections = 64, int WarmUpSeconds = 10, bool StandaloneOnly = false)
{
    /// <summary>Deliveries are signed before the clock starts and the scheme's tolerance is 300 s.</summary>
    public const int MaxSeconds = 120;

    /// <summary>Long enough for tiered compilation to settle: a server is measured at steady state, not while it still JITs.</summary>
    public TimeSpan WarmUp => TimeSpan.FromSeconds(WarmUpSeconds);
    public TimeSpan Measured => TimeSpan.FromSeconds(Seconds);

    public static WebhookBenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new WebhookBenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--standalone-only")
            {
                options = options with { StandaloneOnly = true };
                continue;
            }
            var value = i + 1 < args.Count ? args[i + 1] : null;
            options = args[i] switch
            {
                "--seconds" => options with { Seconds = Number(args[i], value, 1, MaxSeconds) },
                "--connections" => options with { Connections = Number(args[i], value, 1, 4096) },
                "--warmup" => options with { WarmUpSeconds = Number(args[i], value, 0, 60) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
            i++;
        }
        return options;
    }

    private static int Number(string name, string? text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} takes a whole number from {min} to {max}, not '{text}'.");
}
