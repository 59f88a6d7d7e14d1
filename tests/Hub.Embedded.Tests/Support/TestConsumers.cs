using Hub.Contracts;

namespace Hub.Embedded.Tests.Support;

/// <summary>
/// The hub's consumer table, with a second subscription on <c>orders</c> (partner-push) so that fan-out, per-subscription
/// completion and dead-lettering show on a topic with sessions; and the table without it, for the tests of a subscription
/// that is retired or declared anew.
/// </summary>
public static class TestConsumers
{
    public const string PartnerPush = Subscriptions.PartnerPush;

    public static Consumer OrdersPartnerPush { get; } = Consumers.Find(Topics.Orders, PartnerPush) ?? new(
        Topics.Orders, PartnerPush, "TestPartnerPush", ConsumerApps.OrderSync, Sessions: true, MaxConcurrency: 64, LongestRun: TimeSpan.FromMinutes(1));

    public static IReadOnlyList<Consumer> All { get; } = [.. WithoutPartnerPush, OrdersPartnerPush];

    public static IReadOnlyList<Consumer> WithoutPartnerPush => [.. Consumers.All.Where(c => !(c.Topic == Topics.Orders && c.Subscription == PartnerPush))];
}
