using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hub.Standalone.Demo;
using Hub.Testing;
using Microsoft.Extensions.Time.Testing;
using static Hub.EndToEnd.Tests.PartnerFeeds.SamplePartners;

namespace Hub.EndToEnd.Tests.PartnerFeeds;

/// <summary>The sample partners demand what the registry says the hub sends: my-ewtp an API key, be-ewtp an OAuth2 bearer token.</summary>
public sealed class when_a_caller_authenticates_to_the_sample_partner : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));
    private SamplePartnerServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await StartSeedPartnersAsync(_time);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("sample-hub-key-at-my-ewtp-but-wrong")]
    public async Task an_api_key_partner_refuses_a_missing_or_wrong_key(string? key)
    {
        using var http = new HttpClient { BaseAddress = new Uri(_server.BaseUrlOf(ApiKeyPartner) + "/") };
        if (key is not null) http.DefaultRequestHeaders.Add("X-Api-Key", key);

        var (status, problem) = await GetJsonAsync(http, "feeds/shipments");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task an_api_key_partner_serves_the_registrys_key()
    {
        using var http = ClientFor(_server, ApiKeyPartner);

        var (status, _) = await GetJsonAsync(http, "feeds/shipments");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task an_oauth_partner_serves_a_token_issued_for_the_registrys_client_credentials()
    {
        using var http = await AuthenticatedClientAsync(_server, OAuthPartner);

        var (status, page) = await GetJsonAsync(http, "feeds/customs?limit=3");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
        Assert.Equal(1, _server.TokensIssued);
    }

    [Fact]
    public async Task the_token_endpoint_takes_http_basic_credentials_too_and_says_how_long_the_token_lives()
    {
        var auth = Seed(OAuthPartner).Auth;
        using var http = ClientFor(_server, OAuthPartner);
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = auth.Scope! }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.ClientId}:{auth.ClientSecret}")));

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", token.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(3600, token.RootElement.GetProperty("expires_in").GetInt32());
    }

    [Theory]
    [InlineData("client_credentials", "sample-be-ewtp-client-secret-wrong", HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("password", "sample-be-ewtp-client-secret", HttpStatusCode.BadRequest, "unsupported_grant_type")]
    public async Task the_token_endpoint_refuses_a_wrong_secret_or_grant(string grant, string secret, HttpStatusCode expected, string error)
    {
        using var http = ClientFor(_server, OAuthPartner);

        using var response = await http.PostAsync("oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grant,
            ["client_id"] = Seed(OAuthPartner).Auth.ClientId!,
            ["client_secret"] = secret,
        }), TestContext.Current.CancellationToken);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(error, answer.RootElement.GetProperty("error").GetString());
        Assert.Equal(0, _server.TokensIssued);
    }

    [Fact]
    public async Task an_expired_or_unknown_token_is_a_401_that_says_so()
    {
        using var http = await AuthenticatedClientAsync(_server, OAuthPartner);
        _time.Advance(TimeSpan.FromHours(1));

        using var expired = await http.GetAsync("feeds/customs", TestContext.Current.CancellationToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sample-token-made-up");
        using var unknown = await http.GetAsync("feeds/customs", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("invalid_token", expired.Headers.WwwAuthenticate.ToString());
        Assert.Contains("unknown or expired", await expired.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task one_partners_credentials_open_nothing_at_another()
    {
        using var oauth = await AuthenticatedClientAsync(_server, OAuthPartner);
        using var atOther = new HttpClient { BaseAddress = new Uri(_server.BaseUrlOf(ApiKeyPartner) + "/") };
        atOther.DefaultRequestHeaders.Authorization = oauth.DefaultRequestHeaders.Authorization;
        using var keyAtOAuth = new HttpClient { BaseAddress = new Uri(_server.BaseUrlOf(OAuthPartner) + "/") };
        keyAtOAuth.DefaultRequestHeaders.Add("X-Api-Key", Seed(ApiKeyPartner).Auth.Key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetJsonAsync(atOther, "feeds/shipments")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetJsonAsync(keyAtOAuth, "feeds/customs")).Status);
    }
}
