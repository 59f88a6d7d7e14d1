using System.Globalization;

namespace Hub.Benchmarks;

/// <summary>
/// <c>--seconds</c> (measured, per endpoint) and <c>--connections</c> (also the number of workers, each with one
/// request in flight).
/// </summary>
public sealed record WebhookBenchmarkOptions(int Seconds = 15, int Connections = 64)
{
    /// <summary>Deliveries are signed before the clock starts and the scheme's tolerance is 300 s.</summary>
    public const int MaxSeconds = 120;

    public static TimeSpan WarmUp { get; } = TimeSpan.FromSeconds(3);
    public TimeSpan Measured => TimeSpan.FromSeconds(Seconds);

    public static WebhookBenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new WebhookBenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            options = args[i] switch
            {
                "--seconds" => options with { Seconds = Number(args[i], value, 1, MaxSeconds) },
                "--connections" => options with { Connections = Number(args[i], value, 1, 4096) },
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
