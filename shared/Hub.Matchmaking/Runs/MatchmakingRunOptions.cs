using System.ComponentModel.DataAnnotations;

namespace Hub.Matchmaking.Runs;

/// <summary>Section <c>Hub:Matchmaking:Runs</c>.</summary>
public sealed class MatchmakingRunOptions
{
    public const string SectionName = "Hub:Matchmaking:Runs";

    /// <summary>The pause before a run that failed on a fault of the hub runs again; each further retry waits 4 times longer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often, at most, a running run's status shows its progress: each showing is one write of the status.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Meetings documents written per call to the read store.</summary>
    [Range(1, 10_000)] public int WriteBatchSize { get; set; } = 500;

    /// <summary>Standalone: how often the sweep looks for runs whose request was lost (Azure: the SweepMatchmakingRuns timer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long past its due time a run may stand still before the sweep requests it again: a request published at once is
    /// normally running by then, so the sweep does not race the ordinary path.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")] public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(2);
}
