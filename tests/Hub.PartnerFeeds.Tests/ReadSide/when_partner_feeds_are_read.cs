using System.Text.Json;
using Hub.PartnerFeeds.Model;
using static Hub.PartnerFeeds.Tests.ReadSide.PartnerReadWorld;

namespace Hub.PartnerFeeds.Tests.ReadSide;

/// <summary><c>GET /api/partners/{partnerId}/feeds</c> on a real Kestrel: every feed of the registry with its sync status.</summary>
public sealed class when_partner_feeds_are_read : IAsyncLifetime
{
    private readonly PartnerReadWorld _world = new();

    public async ValueTask InitializeAsync()
    {
        await _world.StartAsync();
        await _world.PutFeedStateAsync(PartnerFeedState.New(Malaysia, "shipments") with
        {
            Cursor = "c-42",
            RecordsSynced = 1_200,
            Quarantined = 2,
            LastSyncAt = Now.AddMinutes(-5),
            LastPageAt = Now.AddMinutes(-5),
            LastRecordAt = Now.AddMinutes(-90),
            LastError = "HTTP 503 from the partner after 4 attempts",
            LastErrorAt = Now.AddMinutes(-1),
            LeaseHolder = "pull-1",
            LeaseUntil = Now.AddSeconds(30),
        });
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private static JsonElement Feed(Answer answer, string name) =>
        answer.Json.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("feed").GetString() == name);

    [Fact]
    public async Task every_feed_of_the_registry_is_listed_in_its_order_with_schedule_and_page_size()
    {
        var answer = await _world.GetAsync(ReaderKey, $"/api/partners/{Malaysia}/feeds");

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal(Malaysia, answer.Json.GetProperty("partnerId").GetString());
        Assert.Equal("eWTP hub Malaysia (Kuala Lumpur)", answer.Json.GetProperty("name").GetString());
        Assert.Equal(["shipments", "listings"], answer.Json.GetProperty("feeds").EnumerateArray().Select(f => f.GetProperty("feed").GetString()));
        Assert.Equal("0 * * * *", Feed(answer, "listings").GetProperty("schedule").GetString());
        Assert.Equal(200, Feed(answer, "listings").GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task a_synced_feed_shows_its_cursor_counts_times_lag_last_error_and_that_it_is_pulling()
    {
        var shipments = Feed(await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/feeds"), "shipments");

        Assert.Equal("c-42", shipments.GetProperty("cursor").GetString());
        Assert.Equal(1_200, shipments.GetProperty("recordsSynced").GetInt64());
        Assert.Equal(2, shipments.GetProperty("quarantined").GetInt64());
        Assert.Equal(Now.AddMinutes(-5), shipments.GetProperty("lastSyncAt").GetDateTimeOffset());
        Assert.Equal(Now.AddMinutes(-5), shipments.GetProperty("lastPageAt").GetDateTimeOffset());
        Assert.Equal(Now.AddMinutes(-90), shipments.GetProperty("lastRecordAt").GetDateTimeOffset());
        Assert.Equal(90 * 60, shipments.GetProperty("lagSeconds").GetInt64());
        Assert.Equal("HTTP 503 from the partner after 4 attempts", shipments.GetProperty("lastError").GetString());
        Assert.Equal(Now.AddMinutes(-1), shipments.GetProperty("lastErrorAt").GetDateTimeOffset());
        Assert.True(shipments.GetProperty("pulling").GetBoolean());
    }

    [Fact]
    public async Task the_lag_grows_with_the_clock_and_a_lapsed_lease_is_not_pulling()
    {
        _world.Time.Advance(TimeSpan.FromMinutes(1));

        var shipments = Feed(await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/feeds"), "shipments");

        Assert.Equal(91 * 60, shipments.GetProperty("lagSeconds").GetInt64());
        Assert.False(shipments.GetProperty("pulling").GetBoolean());
    }

    [Fact]
    public async Task a_feed_never_synced_shows_zeros_and_nulls()
    {
        var listings = Feed(await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/feeds"), "listings");

        Assert.Equal(0, listings.GetProperty("recordsSynced").GetInt64());
        Assert.Equal(0, listings.GetProperty("quarantined").GetInt64());
        foreach (var field in new[] { "cursor", "lastSyncAt", "lastPageAt", "lastRecordAt", "lagSeconds", "lastError", "lastErrorAt" })
            Assert.Equal(JsonValueKind.Null, listings.GetProperty(field).ValueKind);
        Assert.False(listings.GetProperty("pulling").GetBoolean());
    }

    [Fact]
    public async Task a_partner_key_reads_its_own_feeds()
    {
        Assert.Equal(200, (await _world.GetAsync(MalaysiaKey, $"/api/partners/{Malaysia}/feeds")).Status);
        Assert.Equal(200, (await _world.GetAsync(BelgiumKey, $"/api/partners/{Belgium}/feeds")).Status);
    }

    [Fact]
    public async Task a_partner_key_asking_for_another_partner_is_answered_as_for_an_unknown_one()
    {
        var other = await _world.GetAsync(BelgiumKey, $"/api/partners/{Malaysia}/feeds");
        var unknown = await _world.GetAsync(AdminKey, "/api/partners/nowhere/feeds");

        Assert.Equal(404, other.Status);
        Assert.Equal("application/problem+json", other.MediaType);
        Assert.Equal(404, unknown.Status);
        Assert.Equal($"No partner '{Malaysia}'.", other.Json.GetProperty("detail").GetString());
        Assert.Equal("No partner 'nowhere'.", unknown.Json.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(PlatformKey)]
    [InlineData(OrganiserKey)]
    public async Task a_key_of_another_role_is_forbidden(string key)
    {
        var answer = await _world.GetAsync(key, $"/api/partners/{Malaysia}/feeds");

        Assert.Equal(403, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task without_a_known_key_it_answers_401(string? key)
    {
        var answer = await _world.GetAsync(key, $"/api/partners/{Malaysia}/feeds");

        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
    }
}
