using System.Net;
using Hub.PartnerFeeds.Http;

namespace Hub.PartnerFeeds.Tests.Http;

public sealed class when_a_partner_host_resolves_to_a_refused_address
{
    private static async Task<PartnerAddressRefusedException> RefusedAsync(HttpClient client, string url)
    {
        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url, TestContext.Current.CancellationToken));
        return Assert.IsType<PartnerAddressRefusedException>(thrown.InnerException);
    }

    [Theory]
    [InlineData("127.0.0.1", PartnerAddressKind.Loopback)]
    [InlineData("::1", PartnerAddressKind.Loopback)]
    [InlineData("10.1.2.3", PartnerAddressKind.Private)]
    [InlineData("192.168.0.10", PartnerAddressKind.Private)]
    [InlineData("169.254.169.254", PartnerAddressKind.LinkLocal)]
    [InlineData("::ffff:10.1.2.3", PartnerAddressKind.Private)]
    public async Task the_connection_is_refused_before_anything_is_dialled(string address, PartnerAddressKind kind)
    {
        var resolver = FakeResolver.Answering("partner.example", address);
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: false, resolver, dialer);

        var refused = await RefusedAsync(client, "https://partner.example/feed");

        Assert.Equal("partner.example", refused.Host);
        Assert.Equal(IPAddress.Parse(address), refused.Address);
        Assert.Equal(kind, refused.Refusal.Kind);
        Assert.Contains("partner.example", refused.Message);
        Assert.Equal(["partner.example"], resolver.Asked);
        Assert.Empty(dialer.Dialled);
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("fe80::1")]
    public async Task allowing_loopback_does_not_open_private_or_link_local(string address)
    {
        var resolver = FakeResolver.Answering("partner.example", address);
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: true, resolver, dialer);

        var refused = await RefusedAsync(client, "https://partner.example/feed");

        Assert.Equal(IPAddress.Parse(address), refused.Address);
        Assert.Empty(dialer.Dialled);
    }

    [Fact]
    public async Task a_name_with_one_public_and_one_private_address_is_refused_whole()
    {
        // 203.0.113.7 is a documentation address (TEST-NET-3): public to the policy, routed nowhere.
        var resolver = FakeResolver.Answering("partner.example", "203.0.113.7", "10.1.2.3");
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: false, resolver, dialer);

        var refused = await RefusedAsync(client, "https://partner.example/feed");

        Assert.Equal(IPAddress.Parse("10.1.2.3"), refused.Address);
        Assert.Empty(dialer.Dialled);
    }

    [Fact]
    public async Task a_literal_private_address_in_the_url_is_refused_without_asking_the_resolver()
    {
        var resolver = FakeResolver.Answering("partner.example", "203.0.113.7");
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: false, resolver, dialer);

        var refused = await RefusedAsync(client, "https://169.254.169.254/latest/meta-data/");

        Assert.Equal(PartnerAddressKind.LinkLocal, refused.Refusal.Kind);
        Assert.Empty(resolver.Asked);
        Assert.Empty(dialer.Dialled);
    }

    [Fact]
    public async Task a_literal_ipv6_loopback_in_the_url_is_refused()
    {
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: false, FakeResolver.Answering("partner.example", "203.0.113.7"), dialer);

        var refused = await RefusedAsync(client, "https://[::1]:8443/feed");

        Assert.Equal(IPAddress.IPv6Loopback, refused.Address);
        Assert.Empty(dialer.Dialled);
    }

    [Fact]
    public async Task plain_http_to_a_public_address_is_refused_at_connect_even_when_loopback_is_allowed()
    {
        var resolver = FakeResolver.Answering("partner.example", "203.0.113.7");
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: true, resolver, dialer);

        var refused = await RefusedAsync(client, "http://partner.example/feed");

        Assert.Equal(PartnerAddressKind.NotLoopbackForPlainHttp, refused.Refusal.Kind);
        Assert.Contains("plain http may reach loopback only", refused.Message);
        Assert.Empty(dialer.Dialled);
    }

    [Fact]
    public async Task plain_http_is_refused_before_resolving_when_loopback_is_not_allowed()
    {
        var resolver = FakeResolver.Answering("partner.example", "127.0.0.1");
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: false, resolver, dialer);

        var refused = await Assert.ThrowsAsync<PartnerUrlRefusedException>(
            () => client.GetAsync("http://partner.example/feed", TestContext.Current.CancellationToken));

        Assert.Contains("must use https", refused.Message);
        Assert.Empty(resolver.Asked);
        Assert.Empty(dialer.Dialled);
    }

    [Fact]
    public async Task a_placeholder_host_is_refused_before_resolving()
    {
        var resolver = FakeResolver.Answering("ewtp-my.partner.invalid", "127.0.0.1");
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: true, resolver, dialer);

        var refused = await Assert.ThrowsAsync<PartnerUrlRefusedException>(
            () => client.GetAsync("https://ewtp-my.partner.invalid/v1/feeds/shipments", TestContext.Current.CancellationToken));

        Assert.Contains("set the partner's real base URL", refused.Message);
        Assert.Empty(resolver.Asked);
        Assert.Empty(dialer.Dialled);
    }

    [Fact]
    public void the_refusals_are_recognised_as_not_worth_retrying()
    {
        var refusal = new PartnerAddressRefusedException("partner.example", IPAddress.Loopback, new(PartnerAddressKind.Loopback, "loopback"));

        Assert.True(PartnerRefusals.IsRefusal(new HttpRequestException("wrapped", refusal)));
        Assert.True(PartnerRefusals.IsRefusal(new PartnerRedirectRefusedException(HttpStatusCode.Found, null, null)));
        Assert.False(PartnerRefusals.IsRefusal(new HttpRequestException("connection reset")));
    }
}
