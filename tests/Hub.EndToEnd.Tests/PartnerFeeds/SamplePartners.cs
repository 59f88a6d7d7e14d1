using System.Net.Http.Headers;
using System.Text.Json;
using Hub.Core.Registry;
using Hub.Standalone.Demo;
using Hub.Testing;

namespace Hub.EndToEnd.Tests.PartnerFeeds;

/// <summary>The seed registry's partners played by a <see cref="SamplePartnerServer"/>, and plain HTTP calls to it.</summary>
internal static class SamplePartners
{
    public const string ApiKeyPartner = "my-ewtp";
    public const string OAuthPartner = "be-ewtp";

    public static HubRegistry SeedRegistry { get; } = RegistryLoader.Load(RepositoryPaths.SeedRegistry);

    public static PartnerRegistration Seed(string partnerId) =>
        SeedRegistry.FindPartner(partnerId) ?? throw new InvalidOperationException($"seeds/registry.json has no partner '{partnerId}'.");

    public static Task<SamplePartnerServer> StartSeedPartnersAsync(TimeProvider? time = null) =>
        SamplePartnerServer.StartAsync(SeedRegistry.Partners.Select(p => SamplePartner.FromRegistry(p, RepositoryPaths.Seeds)), time);

    public static HttpClient ClientFor(SamplePartnerServer server, string partnerId)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.BaseUrlOf(partnerId) + "/"), Timeout = TimeSpan.FromSeconds(30) };
        var auth = Seed(partnerId).Auth;
        if (auth.Kind == "api-key") http.DefaultRequestHeaders.Add(auth.Header ?? "X-Api-Key", auth.Key);
        return http;
    }

    public static async Task<string> TokenAsync(HttpClient http, string partnerId)
    {
        var auth = Seed(partnerId).Auth;
        using var response = await http.PostAsync("oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = auth.ClientId!,
            ["client_secret"] = auth.ClientSecret!,
        }));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<HttpClient> AuthenticatedClientAsync(SamplePartnerServer server, string partnerId)
    {
        var http = ClientFor(server, partnerId);
        if (Seed(partnerId).Auth.Kind != "api-key")
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, partnerId));
        return http;
    }

    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Every item of a feed, read page by page as the hub would: follows nextCursor while hasMore.</summary>
    public static async Task<(List<JsonElement> Items, int Pages)> ReadWholeFeedAsync(HttpClient http, string feed, int limit)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        while (true)
        {
            var (status, page) = await GetJsonAsync(http, $"feeds/{feed}?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            pages++;
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            if (!page.GetProperty("hasMore").GetBoolean()) return (items, pages);
            Assert.True(pages < 10_000, "the feed never ended");
        }
    }
}
