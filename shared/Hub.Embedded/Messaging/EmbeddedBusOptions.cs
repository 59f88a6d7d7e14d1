namespace Hub.Embedded.Messaging;

/// <summary>The SQLite bus's delivery policy. Section <c>Hub:Bus</c>.</summary>
public sealed class EmbeddedBusOptions
{
    public const string SectionName = "Hub:Bus";

    /// <summary>Failed deliveries before a message is dead-lettered (Service Bus's max delivery count).</summary>
    public int MaxDeliveryAttempts { get; set; } = 10;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Handlers running at once per subscription (each on a different session).</summary>
    public int MaxConcurrencyPerSubscription { get; set; } = 64;

    /// <summary>
    /// Per topic, fewer handlers at once than <see cref="MaxConcurrencyPerSubscription"/>. <c>stock</c> events are large
    /// batches that their handler writes in bulk through the one SQLite writer: two at a time keep it busy, and more would
    /// only hold more batches in memory while they wait for it.
    /// </summary>
    public Dictionary<string, int> MaxConcurrencyByTopic { get; set; } = new(StringComparer.Ordinal) { [Hub.Contracts.Topics.Stock] = 2 };

    public int ConcurrencyFor(string topic) =>
        Math.Max(1, MaxConcurrencyByTopic.TryGetValue(topic, out var limit) ? Math.Min(limit, MaxConcurrencyPerSubscription) : MaxConcurrencyPerSubscription);
    /// <summary>
    /// Published events a subscription keeps in memory, in bytes, while its handlers catch up; past it, a waiting event is
    /// only its sequence number and its body is read back from SQLite when its turn comes. Bounds memory when a publisher
    /// outruns a consumer (a million-row stock report), at no cost while the consumer keeps up.
    /// </summary>
    public long MaxBufferedBytesPerSubscription { get; set; } = 8L * 1024 * 1024;
}
