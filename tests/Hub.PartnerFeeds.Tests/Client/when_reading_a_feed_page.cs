using Hub.PartnerFeeds.Client;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Client;

public sealed class when_reading_a_feed_page
{
    [Fact]
    public async Task the_page_arrives_with_its_items_as_written_cursor_and_the_partners_extra_fields()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c, MisbehavingPartner.OnePage));
        using var services = Build();

        var page = await services.For("p1", partner.BaseUrl).GetFeedPageAsync("products", "c-1", 50, Ct);

        Assert.True(page.HasMore);
        Assert.Equal("c-2", page.NextCursor);
        var item = Assert.Single(page.Items);
        Assert.Equal("i-1", item.GetProperty("id").GetString());
        Assert.Equal("product.updated", item.GetProperty("type").GetString());
        Assert.Equal("2026-12-08T03:00:00+00:00", item.GetProperty("occurredAt").GetString());
        Assert.Equal("A-1", item.GetProperty("data").GetProperty("sku").GetString());
        Assert.Equal("cn-east", item.GetProperty("region").GetString());
        Assert.Equal(7, item.GetProperty("seq").GetInt32());

        var seen = Assert.Single(partner.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal("/feeds/products", seen.Path);
        Assert.Equal("?cursor=c-1&limit=50", seen.Query);
    }

    [Fact]
    public async Task the_first_page_is_asked_for_without_a_cursor()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c, """{"items":[],"nextCursor":null,"hasMore":false}"""));
        using var services = Build();

        var page = await services.For("p1", partner.BaseUrl).GetFeedPageAsync("orders", null, 10, Ct);

        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
        Assert.Null(page.NextCursor);
        Assert.Equal("?limit=10", Assert.Single(partner.Requests).Query);
    }

    [Fact]
    public async Task a_base_url_with_a_path_keeps_its_path()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c, MisbehavingPartner.OnePage));
        using var services = Build();

        await services.For("p1", partner.Url("/ewtp/v1")).GetFeedPageAsync("products", null, 5, Ct);

        Assert.Equal("/ewtp/v1/feeds/products", Assert.Single(partner.Requests).Path);
    }

    [Fact]
    public async Task a_malformed_item_does_not_fail_its_page()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c,
            """{"items":[42,{"id":"ok","type":"listing","occurredAt":"not a date","data":[]}],"nextCursor":"c-2","hasMore":true}"""));
        using var services = Build();

        var page = await services.For("p1", partner.BaseUrl).GetFeedPageAsync("products", null, 10, Ct);

        Assert.Equal(2, page.Items.Count);
        Assert.Equal(42, page.Items[0].GetInt32());
        Assert.Equal("not a date", page.Items[1].GetProperty("occurredAt").GetString());
        Assert.Equal("c-2", page.NextCursor);
    }
}
