using static Hub.PartnerFeeds.Tests.ReadSide.PartnerReadWorld;

namespace Hub.PartnerFeeds.Tests.ReadSide;

/// <summary><c>GET /api/partners/{partnerId}/records?type=&amp;reference=</c> on a real Kestrel over projected records.</summary>
public sealed class when_partner_records_are_queried : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
    private readonly PartnerReadWorld _world = new();

    public async ValueTask InitializeAsync()
    {
        await _world.StartAsync();
        await _world.ProjectAsync(Malaysia, Shipment("s-1", "MY123", "picked-up", At));
        await _world.ProjectAsync(Malaysia, Shipment("s-2", "MY123", "in-transit", At.AddHours(1), type: "parcel_event"));
        await _world.ProjectAsync(Malaysia, Shipment("s-3", "MY456", "picked-up", At));
        await _world.ProjectAsync(Malaysia, Customs("c-1", "DEC-2026-001", "cleared", At), feed: null);
        await _world.ProjectAsync(Belgium, Customs("c-9", "DEC-2026-001", "held", At), feed: "customs");
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private static IReadOnlyList<string> RecordIds(Answer answer) => answer.Items.Select(i => i.GetProperty("recordId").GetString()!).ToList();

    [Fact]
    public async Task a_tracking_number_gives_its_whole_history()
    {
        var answer = await _world.GetAsync(ReaderKey, $"/api/partners/{Malaysia}/records?type=shipment-status&reference=MY123");

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal(["s-1", "s-2"], RecordIds(answer));
        Assert.Equal(["picked-up", "in-transit"], answer.Items.Select(i => i.GetProperty("fields").GetProperty("status").GetString()));
        Assert.Null(answer.ContinuationToken);
    }

    [Fact]
    public async Task a_declaration_number_is_looked_up_within_its_partner_only()
    {
        var malaysia = await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/records?type=customs-clearance&reference=DEC-2026-001");
        var belgium = await _world.GetAsync(AdminKey, $"/api/partners/{Belgium}/records?type=customs-clearance&reference=DEC-2026-001");

        Assert.Equal(["c-1"], RecordIds(malaysia));
        Assert.Equal(["c-9"], RecordIds(belgium));
    }

    [Fact]
    public async Task a_type_alone_lists_every_record_of_that_type_of_the_partner()
    {
        var answer = await _world.GetAsync(MalaysiaKey, $"/api/partners/{Malaysia}/records?type=shipment-status");

        Assert.Equal(["s-1", "s-2", "s-3"], RecordIds(answer).Order());
    }

    [Fact]
    public async Task no_filter_lists_every_record_of_the_partner_page_by_page()
    {
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var answer = await _world.GetAsync(MalaysiaKey,
                $"/api/partners/{Malaysia}/records?pageSize=3" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"));
            Assert.Equal(200, answer.Status);
            seen.AddRange(RecordIds(answer));
            token = answer.ContinuationToken;
            pages++;
        } while (token is not null && pages < 10);

        Assert.Equal(["c-1", "s-1", "s-2", "s-3"], seen.Order());
        Assert.True(pages >= 2);
    }

    [Fact]
    public async Task an_unknown_reference_gives_no_items()
    {
        var answer = await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/records?type=shipment-status&reference=NOPE");

        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Items);
    }

    [Theory]
    [InlineData("?type=parcel_event", "type")]
    [InlineData("?reference=MY123", "reference")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=1001", "pageSize")]
    [InlineData("?pageSize=ten", "pageSize")]
    [InlineData("?trackingNumber=MY123", "trackingNumber")]
    [InlineData("?continuationToken=garbage", "continuationToken")]
    public async Task a_bad_query_value_is_a_400_naming_the_field(string query, string field)
    {
        var answer = await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/records{query}");

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal([field], answer.ErrorFields);
    }

    [Fact]
    public async Task every_bad_value_is_listed_at_once()
    {
        var answer = await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/records?type=nope&pageSize=-1&colour=red");

        Assert.Equal(["colour", "pageSize", "type"], answer.ErrorFields);
    }

    [Fact]
    public async Task a_reference_longer_than_any_record_has_is_a_400_not_a_failure()
    {
        var answer = await _world.GetAsync(AdminKey, $"/api/partners/{Malaysia}/records?type=listing&reference={new string('x', 600)}");

        Assert.Equal(400, answer.Status);
        Assert.Equal(["reference"], answer.ErrorFields);
    }

    [Fact]
    public async Task scopes_are_those_of_the_feeds_route()
    {
        Assert.Equal(404, (await _world.GetAsync(BelgiumKey, $"/api/partners/{Malaysia}/records")).Status);
        Assert.Equal(404, (await _world.GetAsync(ReaderKey, "/api/partners/nowhere/records")).Status);
        Assert.Equal(403, (await _world.GetAsync(PlatformKey, $"/api/partners/{Malaysia}/records")).Status);
        Assert.Equal(401, (await _world.GetAsync(null, $"/api/partners/{Malaysia}/records")).Status);
    }

    [Fact]
    public async Task a_partner_key_asking_for_another_partner_learns_nothing_even_from_a_bad_query()
    {
        var answer = await _world.GetAsync(BelgiumKey, $"/api/partners/{Malaysia}/records?type=nope");

        Assert.Equal(404, answer.Status);
    }
}
