using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Core.Registry;
using Hub.Orders.Webhooks.Signatures;
using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>Posts signed order webhooks as the seed platforms would, and reads orders back with the sample keys.</summary>
public sealed class OrderWebhookClient(HttpClient http)
{
    public const string AdminKey = "sample-admin-key";
    public static HubRegistry Registry { get; } = RegistryLoader.Load(RepositoryPaths.SeedRegistry);

    public static JsonObject Order(string orderId, long version, string eventType = "received", string platformId = "zj-industrial") => new()
    {
        ["platformId"] = platformId,
        ["orderId"] = orderId,
        ["version"] = version,
        ["eventType"] = eventType,
        ["occurredAt"] = "2026-11-20T02:15:00Z",
        ["buyer"] = new JsonObject { ["id"] = "B-DE-1", ["name"] = "Rheinland GmbH", ["country"] = "DE", ["kind"] = "business" },
        ["seller"] = new JsonObject { ["id"] = "S-ZJ-1", ["name"] = "Shaoxing Pumps", ["country"] = "CN" },
        ["currency"] = "EUR",
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = "PUMP-1", ["hsCode"] = "841370", ["quantity"] = 4, ["unitPrice"] = 100.5 }),
        ["fulfilment"] = new JsonObject { ["warehouseCode"] = "DE-DUI-01", ["incoterm"] = "DAP" },
    };

    public Task<HttpResponseMessage> PostAsync(JsonObject order, string deliveryId, string platformId = "zj-industrial") =>
        PostRawAsync(Encoding.UTF8.GetBytes(order.ToJsonString()), deliveryId, platformId);

    public async Task<HttpResponseMessage> PostRawAsync(byte[] body, string deliveryId, string platformId = "zj-industrial", string contentType = "application/json", DateTimeOffset? signedAt = null)
    {
        var platform = Registry.FindPlatform(platformId);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/orders/{platformId}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (platform is not null)
            foreach (var (name, value) in WebhookSigner.Sign(platform.Signature, deliveryId, body, signedAt ?? DateTimeOffset.UtcNow))
                request.Headers.TryAddWithoutValidation(name, value);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? apiKey = AdminKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Polls the query API until the order is there (and, if given, at that version), or fails after the timeout.</summary>
    public async Task<JsonElement> WaitForOrderAsync(string platformId, string orderId, long? version = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        string last = "(nothing)";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await GetAsync($"/api/orders/{platformId}/{orderId}");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}";
            if (response.IsSuccessStatusCode)
            {
                var order = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
                if (version is null || order.GetProperty("version").GetInt64() == version) return order;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"Order {platformId}/{orderId} (version {version?.ToString() ?? "any"}) did not appear; last answer: {last}");
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
}
