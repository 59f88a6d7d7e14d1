using System.Diagnostics;
using Polly.CircuitBreaker;
using Refit;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Client;

public sealed class when_the_partner_is_throttling_or_failing
{
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task a_429_with_retry_after_seconds_is_waited_out_and_the_page_arrives()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, n) =>
        {
            if (n == 1) { c.Response.Headers.RetryAfter = "1"; c.Response.StatusCode = 429; return Task.CompletedTask; }
            return MisbehavingPartner.Json(c, MisbehavingPartner.OnePage);
        });
        using var services = Build();

        var page = await services.For("p1", partner.BaseUrl).GetFeedPageAsync("products", null, 10, Ct);

        Assert.Single(page.Items);
        var seen = partner.On("/feeds/products");
        Assert.Equal(2, seen.Count);
        // The back-off alone would be ~20 ms; only the Retry-After explains a second's gap.
        Assert.True(Between(seen[0], seen[1]) >= TimeSpan.FromSeconds(1) - TimerSlack, $"retried after {Between(seen[0], seen[1])}");
    }

    [Fact]
    public async Task a_503_with_a_far_retry_after_date_is_waited_out_only_up_to_the_cap()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, n) =>
        {
            if (n == 1) { c.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddHours(1).ToString("R"); c.Response.StatusCode = 503; return Task.CompletedTask; }
            return MisbehavingPartner.Json(c, MisbehavingPartner.OnePage);
        });
        using var services = Build(new() { ["Hub:Partners:Client:MaxRetryAfter"] = "00:00:01" });

        var page = await services.For("p1", partner.BaseUrl).GetFeedPageAsync("products", null, 10, Ct);

        Assert.Single(page.Items);
        var seen = partner.On("/feeds/products");
        Assert.Equal(2, seen.Count);
        var gap = Between(seen[0], seen[1]);
        Assert.True(gap >= TimeSpan.FromSeconds(1) - TimerSlack && gap < TimeSpan.FromSeconds(10), $"retried after {gap}");
    }

    [Fact]
    public async Task a_503_without_retry_after_is_retried_with_back_off()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, n) =>
            n == 1 ? MisbehavingPartner.Json(c, "{}", 503) : MisbehavingPartner.Json(c, MisbehavingPartner.OnePage));
        using var services = Build();

        var page = await services.For("p1", partner.BaseUrl).GetFeedPageAsync("products", null, 10, Ct);

        Assert.Single(page.Items);
        Assert.Equal(2, partner.On("/feeds/products").Count);
    }

    [Fact]
    public async Task an_answer_slower_than_the_attempt_timeout_is_abandoned_and_retried()
    {
        await using var partner = await MisbehavingPartner.StartAsync(async (c, n) =>
        {
            if (n == 1)
                await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted);
            await MisbehavingPartner.Json(c, MisbehavingPartner.OnePage);
        });
        using var services = Build();
        var clock = Stopwatch.StartNew();

        var page = await services.For("p1", partner.BaseUrl).GetFeedPageAsync("products", null, 10, Ct);

        Assert.Single(page.Items);
        Assert.Equal(2, partner.On("/feeds/products").Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}: the slow attempt was not cut at 500 ms");
    }

    [Fact]
    public async Task a_partner_failing_with_500s_opens_its_own_circuit_and_not_another_partners()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) =>
            c.Request.Path.StartsWithSegments("/down")
                ? MisbehavingPartner.Json(c, """{"error":"boom"}""", 500)
                : MisbehavingPartner.Json(c, MisbehavingPartner.OnePage));
        using var services = Build();
        var down = services.For("down-partner", partner.Url("/down"));
        var up = services.For("up-partner", partner.Url("/up"));

        // 1 attempt + 4 retries = 5 failures: the minimum throughput, all failed, so the circuit opens.
        var first = await Assert.ThrowsAsync<ApiException>(() => down.GetFeedPageAsync("products", null, 10, Ct));
        Assert.Equal(500, (int)first.StatusCode);
        Assert.Equal(5, partner.On("/down/feeds/products").Count);

        // Refit wraps what the handler chain throws; the sync engine stops the page on the inner BrokenCircuitException.
        var broken = await Assert.ThrowsAsync<ApiRequestException>(() => down.GetFeedPageAsync("products", null, 10, Ct));
        Assert.IsType<BrokenCircuitException>(broken.InnerException);
        Assert.Equal(5, partner.On("/down/feeds/products").Count);

        var page = await up.GetFeedPageAsync("products", null, 10, Ct);
        Assert.Single(page.Items);
        Assert.Single(partner.On("/up/feeds/products"));
    }

    [Fact]
    public async Task a_404_is_not_retried()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c, """{"error":"no such feed"}""", 404));
        using var services = Build();

        var error = await Assert.ThrowsAsync<ApiException>(() => services.For("p1", partner.BaseUrl).GetFeedPageAsync("nope", null, 10, Ct));

        Assert.Equal(404, (int)error.StatusCode);
        Assert.Single(partner.Requests);
    }
}
