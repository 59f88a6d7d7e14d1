using System.Net;
using Hub.PartnerFeeds.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hub.PartnerFeeds.Tests.Http;

public sealed class when_the_partner_client_is_registered
{
    private static ServiceProvider Services(Dictionary<string, string?> settings, FakeResolver resolver, LoopbackOnlyDialer dialer)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<PartnerHostResolver>(resolver.ResolveAsync);
        services.AddSingleton<PartnerDialer>(dialer.DialAsync);
        services.AddPartnerHttpClient();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task the_named_client_refuses_loopback_by_default()
    {
        var resolver = FakeResolver.Answering("partner.example", "127.0.0.1");
        var dialer = new LoopbackOnlyDialer();
        await using var provider = Services([], resolver, dialer);
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(PartnerHttpServices.ClientName);

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.GetAsync("https://partner.example/feed", TestContext.Current.CancellationToken));

        Assert.IsType<PartnerAddressRefusedException>(thrown.InnerException);
        Assert.Empty(dialer.Dialled);
    }

    [Fact]
    public async Task the_named_client_reaches_loopback_when_the_settings_allow_it()
    {
        await using var server = await LoopbackPartnerServer.StartAsync();
        var resolver = FakeResolver.Answering("partner.test", "127.0.0.1");
        var dialer = new LoopbackOnlyDialer();
        await using var provider = Services(new() { ["Hub:Partners:Http:AllowLoopback"] = "true" }, resolver, dialer);
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(PartnerHttpServices.ClientName);

        var body = await client.GetStringAsync($"http://partner.test:{server.Port}/feed", TestContext.Current.CancellationToken);

        Assert.Equal("feed", body);
        Assert.Equal(1, server.Requests);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, server.Port)], dialer.Dialled);
    }

    [Fact]
    public async Task the_named_client_does_not_follow_redirects()
    {
        await using var server = await LoopbackPartnerServer.StartAsync();
        var dialer = new LoopbackOnlyDialer();
        await using var provider = Services(new() { ["Hub:Partners:Http:AllowLoopback"] = "true" },
            FakeResolver.Answering("partner.test", "127.0.0.1"), dialer);
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(PartnerHttpServices.ClientName);

        await Assert.ThrowsAsync<PartnerRedirectRefusedException>(
            () => client.GetAsync($"http://partner.test:{server.Port}/moved", TestContext.Current.CancellationToken));

        Assert.Equal(1, server.Requests);
        Assert.Single(dialer.Dialled);
    }

    [Fact]
    public async Task a_connect_timeout_out_of_range_is_refused_when_the_options_are_read()
    {
        await using var provider = Services(new() { ["Hub:Partners:Http:ConnectTimeout"] = "00:00:00" },
            FakeResolver.Answering("partner.example", "203.0.113.7"), new LoopbackOnlyDialer());

        var thrown = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PartnerHttpOptions>>().Value);

        Assert.Contains("ConnectTimeout", thrown.Message);
    }

    [Fact]
    public async Task the_options_default_to_no_loopback()
    {
        await using var provider = Services([], FakeResolver.Answering("partner.example", "203.0.113.7"), new LoopbackOnlyDialer());

        var options = provider.GetRequiredService<IOptions<PartnerHttpOptions>>().Value;

        Assert.False(options.AllowLoopback);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ConnectTimeout);
    }

    [Fact]
    public async Task a_second_client_behind_the_guard_reports_a_bad_setting_once()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hub:Partners:Http:ConnectTimeout"] = "00:00:00" }).Build());
        services.AddPartnerHttpClient();
        services.AddHttpClient("another-partner-client").AddPartnerNetworkGuard();
        await using var provider = services.BuildServiceProvider();

        var thrown = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PartnerHttpOptions>>().Value);

        Assert.Single(thrown.Failures);
    }
}
