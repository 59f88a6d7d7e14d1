using CloudNative.CloudEvents;
using Hub.Core.Events;

namespace Hub.Embedded.Tests.Support;

/// <summary>The data the test events carry: where the event stands in its session's publish order.</summary>
public sealed record Step(int Sequence);

public static class TestEvents
{
    /// <summary>An event on <c>orders</c>; the subject (the order id) is its session.</summary>
    public static CloudEvent Order(string orderId, int sequence) => HubCloudEvents.Create(
        $"{orderId}/{sequence}", "hub.orders.order.updated.v1", "urn:hub:tests", orderId, DateTimeOffset.UtcNow, new Step(sequence));

    /// <summary>An event on <c>stock</c>, which has no sessions.</summary>
    public static CloudEvent Stock(string id, int sequence = 0) => HubCloudEvents.Create(
        id, "hub.stock.stock.reported.v1", "urn:hub:tests", "WH-1", DateTimeOffset.UtcNow, new Step(sequence));
}

public static class TestRunRequests
{
    /// <summary>A <c>run.requested</c> on <c>stock</c>: the type only the runner subscription takes.</summary>
    public static CloudEvent RunRequested(string id, int sequence = 0) => HubCloudEvents.Create(
        id, Hub.Contracts.Stock.StockEventTypes.RunRequested, "urn:hub:tests", "op/report", DateTimeOffset.UtcNow, new Step(sequence));

    /// <summary>A <c>run.requested</c> on <c>matchmaking</c>: the type only the engine subscription takes.</summary>
    public static CloudEvent MatchmakingRunRequested(string id) => HubCloudEvents.Create(
        id, Hub.Contracts.Matchmaking.MatchmakingEventTypes.RunRequested, "urn:hub:tests", "expo/run", DateTimeOffset.UtcNow, new Step(0));

    public static CloudEvent PartnerPullRequested(string id) => HubCloudEvents.Create(
        id, Hub.Contracts.PartnerFeeds.PartnerFeedEventTypes.PullRequested, "urn:hub:tests", "partner/feed", DateTimeOffset.UtcNow, new Step(0));
}
