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

/// <summary>Subscription names per topic, as docs/design.md's topic table lists them.</summary>
public static class Subscriptions
{
    public const string ReadStore = "read-store";
    public const string PartnerPush = "partner-push";
    public const string Engine = "engine";

    /// <summary>Every subscription that exists on a topic, whether or not this process consumes it:
    /// a message is kept for each of them, as a Service Bus topic keeps one per subscription.</summary>
    public static IReadOnlyList<string> Of(string topic) => topic switch
    {
        Topics.Orders => [ReadStore, PartnerPush],
        Topics.Stock => [ReadStore],
        Topics.Matchmaking => [Engine, ReadStore],
        Topics.PartnerFeeds => [ReadStore],
        _ => throw new ArgumentException($"Unknown topic '{topic}'.", nameof(topic)),
    };

    public static IReadOnlyList<string> AllTopics { get; } = [Topics.Orders, Topics.Stock, Topics.Matchmaking, Topics.PartnerFeeds];
}
