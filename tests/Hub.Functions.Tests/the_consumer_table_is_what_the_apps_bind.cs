using System.Text.Json.Nodes;
using Hub.Contracts;

namespace Hub.Functions.Tests;

/// <summary>
/// Standalone subscribes every row of <see cref="Consumers"/>; Azure runs what the apps' functions.metadata binds. Held
/// against each other here, the two hosts cannot drift: a row no app binds would be a subscription whose messages pile up
/// in Azure, a trigger that is no row a consumer Standalone never runs, and a session setting that differs a trigger that
/// cannot receive at all.
/// </summary>
public sealed class the_consumer_table_is_what_the_apps_bind
{
    private static readonly FunctionsApp[] Apps = [FunctionsApp.OrderSync, FunctionsApp.ReadStore, FunctionsApp.StockReports, FunctionsApp.Matchmaking, FunctionsApp.PartnerFeeds];

    private sealed record BoundTrigger(FunctionsApp App, string Function, string? Topic, string? Subscription, bool Sessions, JsonObject Binding);

    private static IEnumerable<BoundTrigger> ServiceBusTriggers() =>
        from app in Apps
        from function in app.Metadata.OfType<JsonObject>()
        from binding in function["bindings"]!.AsArray().OfType<JsonObject>()
        where (string?)binding["type"] == "serviceBusTrigger"
        select new BoundTrigger(app, (string)function["name"]!, (string?)binding["topicName"], (string?)binding["subscriptionName"],
            (bool?)binding["isSessionsEnabled"] ?? false, binding);

    public static TheoryData<string, string> Rows => new(Consumers.All.Select(c => (c.Topic, c.Subscription)));

    [Theory]
    [MemberData(nameof(Rows))]
    public void every_row_is_bound_exactly_once_across_the_apps_with_its_topic_subscription_and_sessions(string topic, string subscription)
    {
        var row = Consumers.Find(topic, subscription)!;

        var bound = Assert.Single(ServiceBusTriggers(), t => t.Topic == topic && t.Subscription == subscription);

        Assert.Equal(row.Sessions, bound.Sessions);
        Assert.Equal(FunctionsApp.Named(row.App), bound.App);
        Assert.Equal(row.Handler, bound.Function);
        Assert.Equal("ServiceBus", (string?)bound.Binding["connection"]);
        // One message per call: the handlers take one event, and a batch would share one lock and one outcome.
        Assert.Equal("One", (string?)bound.Binding["cardinality"]);
    }

    [Fact]
    public void no_app_binds_a_service_bus_trigger_that_is_not_a_row()
    {
        var strays = ServiceBusTriggers().Where(t => t.Topic is null || t.Subscription is null || Consumers.Find(t.Topic, t.Subscription) is null)
            .Select(t => $"{t.App.Name}.{t.Function} ({t.Topic}/{t.Subscription})").ToList();

        Assert.Empty(strays);
        Assert.Equal(Consumers.All.Count, ServiceBusTriggers().Count());
    }

    [Fact]
    public void the_lock_renewal_in_host_json_covers_the_longest_run_of_any_row()
    {
        var longest = Consumers.All.Max(c => c.LongestRun);

        foreach (var app in Apps)
        {
            var renewal = (string?)app.HostJson["extensions"]?["serviceBus"]?["maxAutoLockRenewalDuration"];
            Assert.True(renewal is not null, $"{app.Name}'s host.json sets no extensions.serviceBus.maxAutoLockRenewalDuration (default 5 minutes).");
            Assert.True(TimeSpan.Parse(renewal, System.Globalization.CultureInfo.InvariantCulture) >= longest,
                $"{app.Name}'s host.json renews locks for {renewal}; {Consumers.All.MaxBy(c => c.LongestRun)!.Handler} may run {longest}.");
        }
    }

    [Fact]
    public void a_row_with_sessions_is_on_a_topic_whose_messages_carry_one()
    {
        // Service Bus refuses a session receiver on messages without a session id, and the mapper sets one per topic.
        Assert.All(Consumers.All.Where(c => c.Sessions), c => Assert.True(Topics.UsesSessions(c.Topic), $"{c.Topic}/{c.Subscription}"));
    }

    [Fact]
    public void every_topic_subscription_is_a_row_and_orders_are_kept_for_the_read_store_and_the_partner_push()
    {
        foreach (var topic in Subscriptions.AllTopics)
            Assert.Equal(Consumers.All.Where(c => c.Topic == topic).Select(c => c.Subscription), Subscriptions.Of(topic));

        Assert.Equal([Subscriptions.ReadStore, Subscriptions.PartnerPush], Subscriptions.Of(Topics.Orders));
        Assert.Equal([Subscriptions.ReadStore, Subscriptions.Runner], Subscriptions.Of(Topics.Stock));
        // The engine runs the runs and writes their results to the read store itself: no read-store subscription, and
        // run.completed / run.failed are kept for nobody until a consumer of them is declared.
        Assert.Equal([Subscriptions.Engine], Subscriptions.Of(Topics.Matchmaking));
        Assert.False(Consumers.RunMatchmaking.Takes(Hub.Contracts.Matchmaking.MatchmakingEventTypes.RunCompleted));
    }
}
