using System.ComponentModel.DataAnnotations;

namespace Hub.PartnerFeeds.Sync;

/// <summary>Section <c>Hub:Partners:Sync</c>: how long a pull may run, how its lease lives, how often Standalone's scheduler ticks.</summary>
public sealed class PartnerSyncOptions
{
    public const string SectionName = "Hub:Partners:Sync";

    /// <summary>
    /// How long one pull reads pages before it hands over to a fresh pull through the bus (a <c>continue</c> request), well
    /// within the pull consumer's longest run (10 minutes) so that Service Bus never takes the message back mid-pull.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:08:00")] public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a pull's lease on its (partner, feed) lasts unless renewed; the holder renews it every third of this. A holder
    /// that died (a killed process) stops renewing, and its feed is pulled again once this has passed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.300", "00:30:00")] public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Standalone: how often the scheduler looks for feeds whose schedule came due (Azure: a timer function every minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")] public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(30);
}
