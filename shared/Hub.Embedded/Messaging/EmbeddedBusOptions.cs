using Hub.Contracts;

namespace Hub.Embedded.Messaging;

/// <summary>The SQLite bus's delivery policy. Section <c>Hub:Bus</c>.</summary>
public sealed class EmbeddedBusOptions
{
    public const string SectionName = "Hub:Bus";

    /// <summary>Failed deliveries before a message is dead-lettered (Service Bus's max delivery count).</summary>
    public int MaxDeliveryAttempts { get; set; } = 10;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// The most handlers running at once per subscription (each on a different session), whatever its consumer row asks:
    /// each row's <see cref="Consumer.MaxConcurrency"/> applies up to this ceiling, for a small machine to lower them all.
    /// </summary>
    public int MaxConcurrencyPerSubscription { get; set; } = 64;

    public int ConcurrencyFor(Consumer consumer) => Math.Max(1, Math.Min(consumer.MaxConcurrency, MaxConcurrencyPerSubscription));

    /// <summary>
    /// Published events a subscription keeps in memory, in bytes, while its handlers catch up; past it, a waiting event is
    /// only its sequence number and its body is read back from SQLite when its turn comes. Bounds memory when a publisher
    /// outruns a consumer (a million-row stock report), at no cost while the consumer keeps up.
    /// </summary>
    public long MaxBufferedBytesPerSubscription { get; set; } = 8L * 1024 * 1024;
}
