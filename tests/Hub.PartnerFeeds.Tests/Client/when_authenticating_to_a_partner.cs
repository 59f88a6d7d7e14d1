using System.Collections.Concurrent;
using System.Text.Json;
using Hub.PartnerFeeds.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Refit;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Client;

public sealed class when_authenticating_to_a_partner
{
    [Fact]
    public async Task an_api_key_is_sent_in_its_header()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c, MisbehavingPartner.OnePage));
        using var services = Build();

        await services.For("p1", partner.BaseUrl, new PartnerAuth.ApiKey("X-Partner-Key", "s3cret")).GetFeedPageAsync("products", null, 10, Ct);

        Assert.Equal("s3cret", Assert.Single(partner.Requests).Header("X-Partner-Key"));
    }

    /// <summary>A token endpoint issuing t1, t2, ... and a feed that accepts only the tokens not revoked.</summary>
    private sealed class OAuthPartner
    {
        public int Issued;
        public int ExpiresIn = 3600;
        public readonly ConcurrentDictionary<string, bool> Revoked = new();

        public async Task Answer(HttpContext c, int n)
        {
            if (c.Request.Path == "/token")
            {
                await Task.Delay(100); // long enough for concurrent callers to pile up on an empty cache
                var token = "t" + Interlocked.Increment(ref Issued);
                await MisbehavingPartner.Json(c, $$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":{{ExpiresIn}}}""");
                return;
            }
            var bearer = c.Request.Headers.Authorization.ToString();
            if (!bearer.StartsWith("Bearer t", StringComparison.Ordinal) || Revoked.ContainsKey(bearer["Bearer ".Length..]))
            {
                await MisbehavingPartner.Json(c, """{"error":"invalid_token"}""", 401);
                return;
            }
            await MisbehavingPartner.Json(c, MisbehavingPartner.OnePage);
        }
    }

    private static PartnerAuth.OAuth2ClientCredentials Credentials(MisbehavingPartner partner) =>
        new(partner.Url("/token"), "hub", "hub-secret", "feeds.read");

    [Fact]
    public async Task one_token_is_fetched_for_many_concurrent_calls_and_sent_as_bearer()
    {
        var oauth = new OAuthPartner();
        await using var partner = await MisbehavingPartner.StartAsync(oauth.Answer);
        using var services = Build();
        var api = services.For("p1", partner.BaseUrl, Credentials(partner));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.GetFeedPageAsync("products", null, 10, Ct)));

        var tokenRequest = Assert.Single(partner.On("/token"));
        Assert.Equal("POST", tokenRequest.Method);
        Assert.Equal("grant_type=client_credentials&client_id=hub&client_secret=hub-secret&scope=feeds.read", tokenRequest.Body);
        var feedRequests = partner.On("/feeds/products");
        Assert.Equal(20, feedRequests.Count);
        Assert.All(feedRequests, r => Assert.Equal("Bearer t1", r.Header("Authorization")));
    }

    [Fact]
    public async Task the_token_is_kept_while_fresh_and_refreshed_before_it_expires()
    {
        var oauth = new OAuthPartner { ExpiresIn = 600 };
        await using var partner = await MisbehavingPartner.StartAsync(oauth.Answer);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-08T04:00:00Z"));
        using var services = Build(new() { ["Hub:Partners:Client:TokenRefreshMargin"] = "00:01:00" }, time);
        var api = services.For("p1", partner.BaseUrl, Credentials(partner));

        await api.GetFeedPageAsync("products", null, 10, Ct);
        time.Advance(TimeSpan.FromSeconds(539)); // 61 s before expiry: still outside the margin
        await api.GetFeedPageAsync("products", null, 10, Ct);
        Assert.Single(partner.On("/token"));

        time.Advance(TimeSpan.FromSeconds(2)); // 59 s before expiry: inside the margin, the partner would still accept t1
        await api.GetFeedPageAsync("products", null, 10, Ct);

        Assert.Equal(2, partner.On("/token").Count);
        Assert.Equal(["Bearer t1", "Bearer t1", "Bearer t2"], partner.On("/feeds/products").Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task the_token_cache_outlives_the_client_it_was_fetched_for()
    {
        var oauth = new OAuthPartner();
        await using var partner = await MisbehavingPartner.StartAsync(oauth.Answer);
        using var services = Build();

        await services.For("p1", partner.BaseUrl, Credentials(partner)).GetFeedPageAsync("products", null, 10, Ct);
        await services.For("p1", partner.BaseUrl, Credentials(partner)).GetFeedPageAsync("products", null, 10, Ct);

        Assert.Single(partner.On("/token"));
    }

    [Fact]
    public async Task a_401_to_a_revoked_token_refreshes_it_once_and_retries_the_request_once()
    {
        var oauth = new OAuthPartner();
        await using var partner = await MisbehavingPartner.StartAsync(oauth.Answer);
        using var services = Build();
        var api = services.For("p1", partner.BaseUrl, Credentials(partner));
        await api.GetFeedPageAsync("products", null, 10, Ct);

        oauth.Revoked["t1"] = true;
        var page = await api.GetFeedPageAsync("products", null, 10, Ct);

        Assert.Single(page.Items);
        Assert.Equal(2, partner.On("/token").Count);
        Assert.Equal(["Bearer t1", "Bearer t1", "Bearer t2"], partner.On("/feeds/products").Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task an_order_answered_401_is_sent_again_whole_with_the_new_token()
    {
        var oauth = new OAuthPartner();
        await using var partner = await MisbehavingPartner.StartAsync(oauth.Answer);
        using var services = Build();
        var api = services.For("p1", partner.BaseUrl, Credentials(partner));
        await api.GetFeedPageAsync("products", null, 10, Ct);
        oauth.Revoked["t1"] = true;

        using var response = await api.PushOrderAsync("order-o-9", JsonDocument.Parse("""{"orderId":"o-9"}""").RootElement, Ct);

        Assert.True(response.IsSuccessStatusCode, $"answered {(int)response.StatusCode}");
        var pushes = partner.On("/orders");
        Assert.Equal(["Bearer t1", "Bearer t2"], pushes.Select(r => r.Header("Authorization")));
        Assert.All(pushes, r => Assert.Equal("order-o-9", r.Header("Idempotency-Key")));
        Assert.All(pushes, r => Assert.Equal("o-9", JsonDocument.Parse(r.Body).RootElement.GetProperty("orderId").GetString()));
    }

    [Fact]
    public async Task a_partner_that_rejects_even_a_fresh_token_gets_one_retry_and_the_401_surfaces()
    {
        var oauth = new OAuthPartner();
        await using var partner = await MisbehavingPartner.StartAsync((c, n) =>
            c.Request.Path == "/token" ? oauth.Answer(c, n) : MisbehavingPartner.Json(c, """{"error":"invalid_token"}""", 401));
        using var services = Build();
        var api = services.For("p1", partner.BaseUrl, Credentials(partner));

        var error = await Assert.ThrowsAsync<ApiException>(() => api.GetFeedPageAsync("products", null, 10, Ct));

        Assert.Equal(401, (int)error.StatusCode);
        Assert.Equal(2, partner.On("/token").Count);
        Assert.Equal(2, partner.On("/feeds/products").Count);
    }

    [Fact]
    public async Task a_refused_token_request_is_reported_with_the_endpoints_answer()
    {
        await using var partner = await MisbehavingPartner.StartAsync((c, _) => MisbehavingPartner.Json(c, """{"error":"invalid_client"}""", 400));
        using var services = Build();
        var api = services.For("p1", partner.BaseUrl, Credentials(partner));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => api.GetFeedPageAsync("products", null, 10, Ct));

        var refused = error as PartnerAuthenticationException ?? Assert.IsType<PartnerAuthenticationException>(error.InnerException);
        Assert.Contains("400", refused.Message);
        Assert.Contains("invalid_client", refused.Message);
        Assert.Empty(partner.On("/feeds/products"));
    }
}
