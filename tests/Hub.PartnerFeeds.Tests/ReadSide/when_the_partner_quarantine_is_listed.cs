using static Hub.PartnerFeeds.Tests.ReadSide.PartnerReadWorld;

namespace Hub.PartnerFeeds.Tests.ReadSide;

/// <summary><c>GET /api/partners/{partnerId}/quarantine?feed=</c> on a real Kestrel: the records that failed mapping, with why.</summary>
public sealed class when_the_partner_quarantine_is_listed : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
    private readonly PartnerReadWorld _world = new();

    public async ValueTask InitializeAsync()
    {
        await _world.StartAsync();
        await _world.QuarantineAsync(Malaysia, "shipments",
            """{"id": "q-1", "type": "shipment-status", "occurredAt": "2026-12-08T09:00:00Z", "data": {"status": "in-transit"}}""");
        await _world.QuarantineAsync(Malaysia, "listings",
            """{"id": "q-2", "type": "warehouse-slot", "occurredAt": "2026-12-08T09:00:00Z", "data": {"slot": 4}}""");
        await _world.QuarantineAsync(Malaysia, null, "[1, 2]");
        await _world.QuarantineAsync(Belgium, "customs",
            """{"id": "q-9", "type": "customs-clearance", "occurredAt": "yesterday", "data": {}}""");
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task every_quarantined_record_of_the_partner_is_listed_with_its_reason_and_item()
    {
        var answer = await _world.GetAsync(ReaderKey, $"/api/partners/{Malaysia}/quarantine");

        Assert.Equal(200, answer.Status);
        Assert.Equal(3, answer.Items.Count);
        var missing = answer.Items.Single(i => i.GetProperty("recordId").GetString() == "q-1");
        Assert.Equal("shipments", missing.GetProperty("feed").GetString());
        Assert.Contains("trackingNumber", missing.GetProperty("reason").GetString());
        Assert.Equal("in-transit", missing.GetProperty("item").GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(1, missing.GetProperty("attempts").GetInt32());
        var unknownType = answer.Items.Single(i => i.GetProperty("recordId").GetString() == "q-2");
        Assert.Equal("warehouse-slot", unknownType.GetProperty("partnerType").GetString());
        Assert.Contains(answer.Items, i => i.GetProperty("recordId").GetString()!.StartsWith("malformed-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_feed_narrows_it_to_that_feed()
    {
        var answer = await _world.GetAsync(MalaysiaKey, $"/api/partners/{Malaysia}/quarantine?feed=listings");

        Assert.Equal(["q-2"], answer.Items.Select(i => i.GetProperty("recordId").GetString()));
    }

    [Fact]
    public async Task it_pages_with_a_continuation_token()
    {
        var first = await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/quarantine?pageSize=2");
        var second = await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/quarantine?pageSize=2&continuationToken={Uri.EscapeDataString(first.ContinuationToken!)}");

        Assert.Equal(2, first.Items.Count);
        Assert.Single(second.Items);
        Assert.Null(second.ContinuationToken);
    }

    [Theory]
    [InlineData("?feed=customs", "feed")]
    [InlineData("?pageSize=5000", "pageSize")]
    [InlineData("?reason=x", "reason")]
    [InlineData("?continuationToken=garbage", "continuationToken")]
    public async Task a_bad_query_value_is_a_400_naming_the_field(string query, string field)
    {
        var answer = await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/quarantine{query}");

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal([field], answer.ErrorFields);
    }

    [Fact]
    public async Task a_partner_sees_only_its_own_quarantine()
    {
        var own = await _world.GetAsync(BelgiumKey, $"/api/partners/{Belgium}/quarantine");
        var other = await _world.GetAsync(BelgiumKey, $"/api/partners/{Malaysia}/quarantine");

        Assert.Equal(["q-9"], own.Items.Select(i => i.GetProperty("recordId").GetString()));
        Assert.Equal(404, other.Status);
        Assert.Equal(403, (await _world.GetAsync(OrganiserKey, $"/api/partners/{Belgium}/quarantine")).Status);
    }
}
