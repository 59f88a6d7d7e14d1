namespace Hub.Contracts;

/// <summary>Service Bus topic names; the embedded bus uses the same names.</summary>
public static class Topics
{
    public const string Orders = "orders";
    public const string Stock = "stock";
    public const string Matchmaking = "matchmaking";
    public const string PartnerFeeds = "partner-feeds";

    /// <summary>Topics whose messages carry a session (the aggregate key) so that one aggregate's events are handled in order.</summary>
    public static bool UsesSessions(string topic) => topic == Orders;
}

/// <summary>Subscription names, and which exist on a topic: those a row of <see cref="Consumers"/> declares.</summary>
public static class Subscriptions
{
    public const string ReadStore = "read-store";
    /// <summary>Runs deferred work of its topic (a stock report run); takes only the run requests.</summary>
    public const string Runner = "runner";
    /// <summary>Matchmaking's engine: runs the matchmaking runs requested (<see cref="Consumers.RunMatchmaking"/>); takes only the run requests.</summary>
    public const string Engine = "engine";
    /// <summary>Pulls partner feeds (<see cref="Consumers.PullPartnerFeed"/>); takes only the pull requests.</summary>
    public const string Puller = "puller";
    /// <summary>Pushes cross-border orders to the eWTP partner serving their destination (<see cref="Consumers.PushOrderToPartner"/>).</summary>
    public const string PartnerPush = "partner-push";

    /// <summary>
    /// Every subscription that exists on a topic, whether or not this process consumes it: a message is kept for each of
    /// them that takes its type, as a Service Bus topic keeps one per subscription whose rule matches. Empty for a topic
    /// nobody consumes yet (partner-feeds): what is published there is kept for nobody, as are matchmaking's run.completed and
    /// run.failed, which no subscription of matchmaking takes.
    /// </summary>
    public static IReadOnlyList<string> Of(string topic) =>
        AllTopics.Contains(topic)
            ? Consumers.All.Where(c => c.Topic == topic).Select(c => c.Subscription).ToList()
            : throw new ArgumentException($"Unknown topic '{topic}'.", nameof(topic));

    public static IReadOnlyList<string> AllTopics { get; } = [Topics.Orders, Topics.Stock, Topics.Matchmaking, Topics.PartnerFeeds];
}
