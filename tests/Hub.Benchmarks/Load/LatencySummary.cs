using System.Diagnostics;

namespace Hub.Benchmarks.Load;

/// <summary>Nearest-rank percentiles, in milliseconds, of latencies measured in <see cref="Stopwatch"/> ticks.</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    public static LatencySummary Of(IEnumerable<long> ticks)
    {
        var sorted = ticks.ToArray();
        if (sorted.Length == 0) return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        Array.Sort(sorted);
        double At(double p) => Milliseconds(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)]);
        return new LatencySummary(sorted.Length, At(0.50), At(0.90), At(0.99), Milliseconds(sorted[^1]), Milliseconds((long)sorted.Average()));
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
