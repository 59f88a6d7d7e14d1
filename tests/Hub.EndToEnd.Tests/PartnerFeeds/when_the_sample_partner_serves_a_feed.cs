using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hub.Standalone.Demo;
using Hub.Testing;
using static Hub.EndToEnd.Tests.PartnerFeeds.SamplePartners;

namespace Hub.EndToEnd.Tests.PartnerFeeds;

/// <summary>The sample partner's pull protocol, which the demo, the benchmarks and the kill test rely on to be exact.</summary>
public sealed class when_the_sample_partner_serves_a_feed : IAsyncLifetime
{
    private SamplePartnerServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await StartSeedPartnersAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task a_seed_feed_read_page_by_page_is_its_file_item_for_item()
    {
        using var http = ClientFor(_server, ApiKeyPartner);
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Seeds, "partners", ApiKeyPartner, "shipments.json"), TestContext.Current.CancellationToken));

        var (items, pages) = await ReadWholeFeedAsync(http, "shipments", limit: 7);

        Assert.Equal(30, file.RootElement.GetArrayLength());
        Assert.Equal(5, pages);
        Assert.Equal(file.RootElement.EnumerateArray().Select(e => e.GetRawText()), items.Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task the_last_cursor_reads_nothing_more_and_stays_where_the_feed_ends()
    {
        using var http = ClientFor(_server, ApiKeyPartner);
        var (_, first) = await GetJsonAsync(http, "feeds/listings?limit=1000");
        var end = first.GetProperty("nextCursor").GetString()!;

        var (status, again) = await GetJsonAsync(http, $"feeds/listings?cursor={Uri.EscapeDataString(end)}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal(24, first.GetProperty("items").GetArrayLength());
        Assert.Equal(0, again.GetProperty("items").GetArrayLength());
        Assert.False(again.GetProperty("hasMore").GetBoolean());
        Assert.Equal(end, again.GetProperty("nextCursor").GetString());
    }

    [Fact]
    public async Task without_a_limit_a_page_holds_a_hundred_items()
    {
        await using var server = await SamplePartnerServer.StartAsync([Synthetic("bench", 250)], cancellationToken: TestContext.Current.CancellationToken);
        using var http = ClientFor(server, ApiKeyPartner);

        var (_, page) = await GetJsonAsync(http, "feeds/bench");

        Assert.Equal(SamplePartnerServer.DefaultLimit, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task a_synthetic_feed_serves_every_generated_record_once_in_order()
    {
        await using var server = await SamplePartnerServer.StartAsync([Synthetic("bench", 1_234)], cancellationToken: TestContext.Current.CancellationToken);
        using var http = ClientFor(server, ApiKeyPartner);

        var (items, pages) = await ReadWholeFeedAsync(http, "bench", limit: 500);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 1_234).Select(i => SyntheticPartnerRecords.Id("bench", i)), items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["shipment-status", "customs-clearance", "listing", "demand-signal"], items.Take(4).Select(i => i.GetProperty("type").GetString()));
        Assert.Equal(SyntheticPartnerRecords.Reference("bench", 0), items[0].GetProperty("data").GetProperty("trackingNumber").GetString());
        Assert.Equal(new string?[] { null, "offset 500", "offset 1000" }, server.FeedRequests.Select(r => r.Cursor is null ? null : $"offset {r.Offset}"));
    }

    [Fact]
    public async Task each_page_is_held_back_by_the_feeds_delay()
    {
        await using var server = await SamplePartnerServer.StartAsync([Synthetic("slow", 10, TimeSpan.FromMilliseconds(300))], cancellationToken: TestContext.Current.CancellationToken);
        using var http = ClientFor(server, ApiKeyPartner);
        var clock = Stopwatch.StartNew();

        var (_, pages) = await ReadWholeFeedAsync(http, "slow", limit: 5);

        Assert.Equal(2, pages);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(600), $"two pages took {clock.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    // "sample-cursor-v1:9999": well formed, past the end of the feed.
    [InlineData("cursor=c2FtcGxlLWN1cnNvci12MTo5OTk5", "cursor")]
    public async Task a_limit_out_of_range_or_a_cursor_it_never_gave_out_is_a_400_naming_it(string query, string named)
    {
        using var http = ClientFor(_server, ApiKeyPartner);

        var (status, problem) = await GetJsonAsync(http, $"feeds/shipments?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(named, problem.GetProperty("detail").GetString());
        Assert.Empty(_server.FeedRequests);
    }

    [Fact]
    public async Task an_unknown_feed_or_partner_is_a_404()
    {
        using var http = ClientFor(_server, ApiKeyPartner);
        using var nobody = new HttpClient { BaseAddress = _server.BaseAddress };

        var (feedStatus, problem) = await GetJsonAsync(http, "feeds/parcels");
        var (partnerStatus, _) = await GetJsonAsync(nobody, "nobody/feeds/shipments");

        Assert.Equal(HttpStatusCode.NotFound, feedStatus);
        Assert.Contains("its feeds are shipments, listings", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, partnerStatus);
    }

    private static SamplePartner Synthetic(string feed, int count, TimeSpan delay = default)
    {
        var seed = Seed(ApiKeyPartner);
        return SamplePartner.FromRegistry(seed, RepositoryPaths.Seeds) with
        {
            Feeds = new Dictionary<string, SampleFeed> { [feed] = SampleFeed.Synthetic(feed, count, delay) },
        };
    }
}
