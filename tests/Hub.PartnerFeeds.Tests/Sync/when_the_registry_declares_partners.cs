using Hub.Core.Registry;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>A partner entry that would fail at its first pull is refused when the registry loads, naming the partner and the field.</summary>
public sealed class when_the_registry_declares_partners
{
    private static string Registry(string partners) => $$"""{"platforms":[],"operators":[],"apiKeys":[],"partners":[{{partners}}]}""";

    private const string Good = """
        {"id":"my-ewtp","name":"Malaysia eWTP hub","country":"MY","baseUrl":"https://my-ewtp.example/api",
         "auth":{"kind":"api-key","header":"X-Partner-Key","key":"k"},
         "feeds":[{"name":"shipments","pageSize":500,"schedule":"*/5 * * * *"},{"name":"listings","schedule":"0 0 * * * *"},{"name":"manual"}],
         "pushOrders":true,"destinations":["MY","SG"],
         "recordTypes":{"parcel_event":"shipment-status"},
         "fields":{"customs-clearance":{"declarationNumber":"/declaration/no"}},
         "signature":{"scheme":"standard-webhooks","secrets":["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]}}
        """;

    [Fact]
    public void a_well_formed_partner_loads_with_its_feeds_and_oauth_partners_too()
    {
        var oauth = """
            {"id":"be-ewtp","baseUrl":"https://be-ewtp.example","auth":{"kind":"oauth2-client-credentials","tokenUrl":"https://be-ewtp.example/oauth/token","clientId":"hub","clientSecret":"s"},
             "feeds":[{"name":"customs","pageSize":1000,"schedule":"*/10 * * * *"}]}
            """;

        var registry = RegistryLoader.Parse(Registry(Good + "," + oauth));

        Assert.Equal(["my-ewtp", "be-ewtp"], registry.Partners.Select(p => p.Id));
        Assert.Equal([500, 500, 500], registry.FindPartner("my-ewtp")!.Feeds.Select(f => f.PageSize));
        Assert.Equal("oauth2-client-credentials", registry.FindPartner("be-ewtp")!.Auth.Kind);
    }

    [Theory]
    [InlineData("""{"id":"p/1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"}}""", "partner id 'p/1' must not contain '/'")]
    [InlineData("""{"id":"p1","baseUrl":"x.example/api","auth":{"kind":"api-key","key":"k"}}""", "partner 'p1' has baseUrl 'x.example/api', which is not an absolute http(s) URL")]
    [InlineData("""{"id":"p1","baseUrl":"ftp://x.example","auth":{"kind":"api-key","key":"k"}}""", "partner 'p1' has baseUrl 'ftp://x.example'")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key"}}""", "partner 'p1' uses api-key auth without a key")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"basic"}}""", "partner 'p1' has auth kind 'basic'")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"oauth2-client-credentials","tokenUrl":"/token","clientId":"c","clientSecret":"s"}}""",
        "partner 'p1' has tokenUrl '/token', which is not an absolute http(s) URL")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"oauth2-client-credentials","tokenUrl":"https://x.example/t"}}""",
        "partner 'p1' uses oauth2-client-credentials without a clientId; partner 'p1' uses oauth2-client-credentials without a clientSecret")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"},"feeds":[{"name":"a"},{"name":"a"}]}""", "partner 'p1' declares feed 'a' 2 times")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"},"feeds":[{"name":"a","pageSize":0}]}""", "feed 'a' has pageSize 0; use 1 to 1000")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"},"feeds":[{"name":"a","pageSize":1001}]}""", "feed 'a' has pageSize 1001; use 1 to 1000")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"},"feeds":[{"name":"a","schedule":"every five minutes"}]}""",
        "feed 'a' has schedule 'every five minutes', which is not a cron expression")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"},"feeds":[{"name":"a","schedule":"61 * * * *"}]}""",
        "feed 'a' has schedule '61 * * * *'")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"},"pushOrders":true,"destinations":["Malaysia"]}""",
        "partner 'p1' has destination 'Malaysia', which is not an ISO 3166-1 alpha-2 code")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"},"recordTypes":{"parcel_event":"parcel"}}""",
        "partner 'p1' maps record type 'parcel_event' to 'parcel', which is not a hub record type")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"},"fields":{"shipment-status":{"trackingNumber":"waybill"}}}""",
        "partner 'p1' reads shipment-status field 'trackingNumber' from 'waybill', which is not a JSON Pointer")]
    [InlineData("""{"id":"p1","baseUrl":"https://x.example","auth":{"kind":"api-key","key":"k"},"signature":{"scheme":"stripe","secrets":["s"]}}""",
        "partner 'p1' has signature scheme 'stripe'; partners sign with 'standard-webhooks'")]
    public void a_faulty_partner_is_refused_naming_the_partner_and_the_fault(string partner, string expected)
    {
        var error = Assert.Throws<InvalidRegistryException>(() => RegistryLoader.Parse(Registry(partner)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_partner_declared_twice_is_refused()
    {
        var error = Assert.Throws<InvalidRegistryException>(() => RegistryLoader.Parse(Registry(Good + "," + Good)));

        Assert.Contains("partner 'my-ewtp' is declared 2 times", error.Message, StringComparison.Ordinal);
    }
}
