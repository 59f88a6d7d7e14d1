using Hub.Contracts;

namespace Hub.Embedded.Tests.Support;

/// <summary>
/// The hub's consumer table plus a second subscription on <c>orders</c>, so that fan-out, per-subscription completion and
/// dead-lettering show on a topic with sessions. The hub itself declares no second consumer of orders yet.
/// </summary>
public static class TestConsumers
{
    public const string PartnerPush = "partner-push";

    public static Consumer OrdersPartnerPush { get; } = new(
        Topics.Orders, PartnerPush, "TestPartnerPush", ConsumerApps.OrderSync, Sessions: true, MaxConcurrency: 64, LongestRun: TimeSpan.FromMinutes(1));

    public static IReadOnlyList<Consumer> All { get; } = [.. Consumers.All, OrdersPartnerPush];
}
