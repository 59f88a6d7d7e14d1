using System.Text.Json.Nodes;

namespace Hub.Functions.Tests;

/// <summary>The PartnerFeeds app's pull side as functions.metadata declares it.</summary>
public sealed class the_partner_feeds_app_pulls_feeds_on_a_schedule
{
    [Fact]
    public void it_has_the_puller_the_schedule_the_sync_request_and_the_quarantine_reprocess() =>
        Assert.Superset(new HashSet<string> { "PullPartnerFeed", "ReprocessPartnerQuarantine", "RequestPartnerSync", "SchedulePartnerPulls" },
            FunctionsApp.PartnerFeeds.FunctionNames.ToHashSet());

    [Fact]
    public void the_schedule_ticks_every_minute_so_that_a_feed_is_pulled_within_a_minute_of_its_cron_occurrence()
    {
        var trigger = Assert.IsType<JsonObject>(Assert.Single(FunctionsApp.PartnerFeeds.Function("SchedulePartnerPulls")["bindings"]!.AsArray(),
            b => (string?)b!["type"] == "timerTrigger"));

        Assert.Equal("0 * * * * *", (string?)trigger["schedule"]);
    }
}
