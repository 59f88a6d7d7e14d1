using Hub.Contracts.Matchmaking;
using Hub.Contracts.PartnerFeeds;
using Hub.Contracts.Stock;

namespace Hub.Contracts;

/// <summary>
/// One consumer of a topic subscription: the one place that says a subscription exists, who handles it, and how.
/// Standalone subscribes every row to the embedded bus; in Azure, the Functions app named by <see cref="App"/> binds a
/// Service Bus trigger named <see cref="Handler"/> to the same topic, subscription and session setting (a test holds each
/// app's functions.metadata against this table).
/// </summary>
/// <param name="Handler">The consumer's name: the Azure function that binds it, and the handler Standalone registers for it.</param>
/// <param name="App">The Functions app that hosts the consumer in Azure (OrderSync, ReadStore, StockReports or Matchmaking).</param>
/// <param name="Sessions">Whether the subscription requires sessions (one session's messages in order, one at a time).</param>
/// <param name="MaxConcurrency">Messages handled at once per process (each on a different session when <paramref name="Sessions"/>).</param>
/// <param name="LongestRun">
/// The longest one message may take to handle. Service Bus renews the message's lock at least this long
/// (<c>maxAutoLockRenewalDuration</c> in host.json); a run still going past it counts as dead and may be taken again.
/// </param>
/// <param name="EventTypes">The CloudEvent types the subscription takes; null for all. In Service Bus a rule on the message's Subject.</param>
public sealed record Consumer(
    string Topic,
    string Subscription,
    string Handler,
    string App,
    bool Sessions,
    int MaxConcurrency,
    TimeSpan LongestRun,
    IReadOnlyList<string>? EventTypes = null)
{
    /// <summary>Whether an event of this type is kept for this subscription.</summary>
    public bool Takes(string eventType) => EventTypes is null || EventTypes.Contains(eventType, StringComparer.Ordinal);
}

/// <summary>The Functions apps that host consumers in Azure.</summary>
public static class ConsumerApps
{
    public const string OrderSync = "OrderSync";
    public const string ReadStore = "ReadStore";
    public const string StockReports = "StockReports";
    public const string Matchmaking = "Matchmaking";
    public const string PartnerFeeds = "PartnerFeeds";
}

/// <summary>Every consumer of the hub, once. A subscription exists only where a row declares it (docs/design.md, "Consumers").</summary>
public static class Consumers
{
    /// <summary>Projects order events into the read store.</summary>
    public static Consumer ProjectOrder { get; } = new(
        Topics.Orders, Subscriptions.ReadStore, "ProjectOrder", ConsumerApps.ReadStore,
        Sessions: true, MaxConcurrency: 64, LongestRun: TimeSpan.FromMinutes(1));

    /// <summary>
    /// Projects stock levels into the read store. Two at a time: each event is a large batch written in bulk, and more at
    /// once would only hold more batches in memory while they wait for the one SQLite writer (Standalone) or Cosmos's RUs.
    /// </summary>
    public static Consumer ProjectStock { get; } = new(
        Topics.Stock, Subscriptions.ReadStore, "ProjectStock", ConsumerApps.ReadStore,
        Sessions: false, MaxConcurrency: 2, LongestRun: TimeSpan.FromMinutes(5),
        EventTypes: [StockEventTypes.Reported, StockEventTypes.Low]);

    /// <summary>
    /// Runs stock reports, one at a time per process: a run streams the whole file twice and publishes every stock level,
    /// so two at once would only share the same disk and bus. The largest file (256 MiB) runs well within the longest run.
    /// </summary>
    public static Consumer RunStockReport { get; } = new(
        Topics.Stock, Subscriptions.Runner, "RunStockReport", ConsumerApps.StockReports,
        Sessions: false, MaxConcurrency: 1, LongestRun: TimeSpan.FromMinutes(30),
        EventTypes: [StockEventTypes.RunRequested]);

    /// <summary>
    /// Runs matchmaking runs, one at a time per process: a run holds a whole expo in memory and keeps both cores busy, so a
    /// second at once would only halve the speed of each. The benchmark's large expo runs in about a minute, well within the
    /// longest run. The run's results go straight into the read store (no <c>matchmaking/read-store</c> consumer).
    /// </summary>
    public static Consumer RunMatchmaking { get; } = new(
        Topics.Matchmaking, Subscriptions.Engine, "RunMatchmaking", ConsumerApps.Matchmaking,
        Sessions: false, MaxConcurrency: 1, LongestRun: TimeSpan.FromMinutes(30),
        EventTypes: [MatchmakingEventTypes.RunRequested]);
    // --- end of matchmaking runs ---

    /// <summary>
    /// Projects partner records into the read store, 64 at once like orders: each event is one small record, and many in
    /// flight let the one SQLite writer commit them in batches (Standalone) and keep Cosmos busy. At 8 the projection trailed
    /// the pull by seconds (the partner-feeds benchmark: 5,500 records/s until queryable at 8, 12,000 at 64).
    /// </summary>
    public static Consumer ProjectPartnerRecord { get; } = new(
        Topics.PartnerFeeds, Subscriptions.ReadStore, "ProjectPartnerRecord", ConsumerApps.ReadStore,
        Sessions: false, MaxConcurrency: 64, LongestRun: TimeSpan.FromMinutes(1),
        EventTypes: [PartnerFeedEventTypes.Record]);

    /// <summary>
    /// Pulls one partner feed per message, page by page from its checkpoint. A pull holds a lease on its (partner, feed), so
    /// two at once are two different feeds; a pull stops after its time budget (well within the longest run) and asks for
    /// its own continuation through the bus.
    /// </summary>
    public static Consumer PullPartnerFeed { get; } = new(
        Topics.PartnerFeeds, Subscriptions.Puller, "PullPartnerFeed", ConsumerApps.PartnerFeeds,
        Sessions: false, MaxConcurrency: 4, LongestRun: TimeSpan.FromMinutes(10),
        EventTypes: [PartnerFeedEventTypes.PullRequested]);

    /// <summary>
    /// Pushes cross-border orders (9610/9710/9810) to the partner serving the destination, in order per order (sessions), so
    /// that version 2 never overtakes version 1. Most events are for orders no partner takes and finish at once; a push
    /// waits mostly on the partner's answer, so 64 sessions at once (at 16 the pushes trailed the webhooks in the
    /// partner-push benchmark).
    /// </summary>
    public static Consumer PushOrderToPartner { get; } = new(
        Topics.Orders, Subscriptions.PartnerPush, "PushOrderToPartner", ConsumerApps.PartnerFeeds,
        Sessions: true, MaxConcurrency: 64, LongestRun: TimeSpan.FromMinutes(2));

    public static IReadOnlyList<Consumer> All { get; } =
        [ProjectOrder, ProjectStock, RunStockReport, RunMatchmaking, ProjectPartnerRecord, PullPartnerFeed, PushOrderToPartner];

    /// <summary>The row of a topic's subscription, or null when none is declared.</summary>
    public static Consumer? Find(string topic, string subscription) =>
        All.FirstOrDefault(c => c.Topic == topic && c.Subscription == subscription);
}
