using System.Net;
using Hub.PartnerFeeds.Http;

namespace Hub.PartnerFeeds.Tests.Http;

public sealed class when_a_partner_host_resolves_to_loopback_and_loopback_is_allowed : IAsyncLifetime
{
    private LoopbackPartnerServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await LoopbackPartnerServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task the_request_reaches_the_vetted_address_and_not_the_name()
    {
        // partner.test exists nowhere but in the fake resolver: the request can only arrive if the socket was given the address.
        var resolver = FakeResolver.Answering("partner.test", "127.0.0.1");
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: true, resolver, dialer);

        var body = await client.GetStringAsync($"http://partner.test:{_server.Port}/feed", TestContext.Current.CancellationToken);

        Assert.Equal("feed", body);
        Assert.Equal(1, _server.Requests);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, _server.Port)], dialer.Dialled);
    }

    [Fact]
    public async Task a_redirect_is_not_followed_and_the_caller_sees_its_status()
    {
        var resolver = FakeResolver.Answering("partner.test", "127.0.0.1");
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: true, resolver, dialer);

        var refused = await Assert.ThrowsAsync<PartnerRedirectRefusedException>(
            () => client.GetAsync($"http://partner.test:{_server.Port}/moved", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(new Uri("http://169.254.169.254/latest/meta-data/"), refused.Location);
        Assert.Equal(1, _server.Requests);
        Assert.Equal(["partner.test"], resolver.Asked);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, _server.Port)], dialer.Dialled);
    }

    [Fact]
    public async Task the_handler_alone_returns_the_redirect_without_following_it()
    {
        var resolver = FakeResolver.Answering("partner.test", "127.0.0.1");
        var dialer = new LoopbackOnlyDialer();
        using var client = new HttpClient(SafePartnerHandler.Create(new PartnerAddressPolicy(allowLoopback: true), resolver.ResolveAsync, dialer.DialAsync));

        using var response = await client.GetAsync($"http://partner.test:{_server.Port}/moved", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, _server.Requests);
        Assert.Single(dialer.Dialled);
    }

    [Fact]
    public async Task each_new_connection_is_checked_again_so_a_rebound_name_is_refused()
    {
        var resolver = FakeResolver.AnsweringInTurn("partner.test", "127.0.0.1", "10.0.0.1");
        var dialer = new LoopbackOnlyDialer();
        using var client = PartnerClients.Create(allowLoopback: true, resolver, dialer);
        var url = $"http://partner.test:{_server.Port}/feed";

        // Connection: close, so that the second request needs a connection of its own.
        using var first = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { ConnectionClose = true } };
        using var answered = await client.SendAsync(first, TestContext.Current.CancellationToken);
        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var refused = Assert.IsType<PartnerAddressRefusedException>(thrown.InnerException);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), refused.Address);
        // The policy's refusal, not only the plain-http rule's.
        Assert.Equal(PartnerAddressKind.Private, refused.Refusal.Kind);
        Assert.Equal(2, resolver.Asked.Count);
        Assert.Equal(1, _server.Requests);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, _server.Port)], dialer.Dialled);
    }
}
