using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Auth;
using Hub.Standalone.Demo;
using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// SIGKILL in the middle of a long, slow partner sync, then a restart on the same data folder: the sync resumes from its checkpoint
/// (never from the start of the feed) and ends with the read store holding exactly the partner's records, each once.
/// </summary>
public sealed class when_standalone_is_killed_mid_partner_sync : IAsyncLifetime
{
    private const string PartnerId = "kill-partner";
    private const string Feed = "slow";
    private const string AdminKey = "kill-test-admin-key";
    private const int Records = 6_000;
    private const int PageSize = 200;
    private static readonly TimeSpan PageDelay = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly string _work = Path.Combine(Path.GetTempPath(), "hub-kill-partner-sync-" + Guid.NewGuid().ToString("N"));
    private SamplePartnerServer _partner = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        _partner = await SamplePartnerServer.StartAsync(
            [new SamplePartner(PartnerId, new SamplePartnerAuth.ApiKey("X-Api-Key", "kill-test-partner-key"),
                new Dictionary<string, SampleFeed> { [Feed] = SampleFeed.Synthetic(Feed, Records, PageDelay) })],
            cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task the_sync_resumes_from_its_checkpoint_and_every_record_is_in_the_read_store_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(_work, "data");
        var registry = await WriteRegistryAsync();
        // A short lease: the killed process's lease must lapse before the restarted one may pull (60 s by default).
        var settings = new Dictionary<string, string> { ["Hub:Partners:Http:AllowLoopback"] = "true", ["Hub:Partners:Sync:LeaseDuration"] = "00:00:05" };

        int pagesBeforeKill, furthestServedBeforeKill;
        await using (var first = await StandaloneProcess.StartAsync(data, registry, settings))
        {
            using var http = Client(first);
            await RequestSyncAsync(http, ct);
            // Mid-way: several pages served and the hub reporting a checkpoint, well before the last of the feed's 30 pages.
            await WaitUntilAsync(http, "the sync is under way with a checkpoint", f =>
                _partner.FeedRequests.Count >= 8 && f.TryGetProperty("cursor", out var cursor) && cursor.ValueKind == JsonValueKind.String, ct);
            first.KillHard();
            pagesBeforeKill = _partner.FeedRequests.Count;
            furthestServedBeforeKill = _partner.FeedRequests.Max(r => r.Offset + r.Items);
        }
        Assert.True(furthestServedBeforeKill < Records, $"the sync had finished ({furthestServedBeforeKill} served) before it was killed: make it slower");

        await using var second = await StandaloneProcess.StartAsync(data, registry, settings);
        using var http2 = Client(second);
        await RequestSyncAsync(http2, ct);
        var feed = await WaitUntilAsync(http2, "the sync has read the whole feed and stopped", f =>
            _partner.FeedRequests.Any(r => r.Offset + r.Items == Records) && f.GetProperty("pulling").ValueKind == JsonValueKind.False, ct);

        var afterKill = _partner.FeedRequests.Skip(pagesBeforeKill).ToList();
        Assert.NotEmpty(afterKill);
        Assert.All(afterKill, r => Assert.NotNull(r.Cursor));
        Assert.InRange(afterKill[0].Offset, PageSize, furthestServedBeforeKill);

        var records = await WaitForAllRecordsAsync(http2, ct);
        var expected = Enumerable.Range(0, Records).Select(i => SyntheticPartnerRecords.Id(Feed, i)).ToHashSet();
        var ids = records.Select(RecordId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(expected.SetEquals(ids), $"{expected.Except(ids).Count()} of the partner's records missing, {ids.Except(expected).Count()} not the partner's");
        Assert.All(records, r => Assert.Equal(PartnerRecordData.IdFor(PartnerId, RecordId(r)), r.GetProperty("eventId").GetString()));
        // Published records: a page published just before the kill and not yet checkpointed is published again (same event ids,
        // which the read store absorbs, as the distinct ids above show), so the count may exceed the feed by at most one page.
        Assert.InRange(feed.GetProperty("recordsSynced").GetInt64(), Records, Records + PageSize);
        Assert.Equal(0, feed.GetProperty("quarantined").GetInt64());
    }

    private static string RecordId(JsonElement record) =>
        (record.TryGetProperty("recordId", out var recordId) ? recordId : record.GetProperty("id")).GetString()!;

    private async Task<string> WriteRegistryAsync()
    {
        var registry = new JsonObject
        {
            ["$comment"] = "Written by when_standalone_is_killed_mid_partner_sync.",
            ["partners"] = new JsonArray(new JsonObject
            {
                ["id"] = PartnerId,
                ["name"] = "A slow sample partner on loopback",
                ["country"] = "MY",
                ["baseUrl"] = _partner.BaseUrlOf(PartnerId).ToString(),
                ["auth"] = new JsonObject { ["kind"] = "api-key", ["header"] = "X-Api-Key", ["key"] = "kill-test-partner-key" },
                ["feeds"] = new JsonArray(new JsonObject { ["name"] = Feed, ["pageSize"] = PageSize }),
            }),
            ["apiKeys"] = new JsonArray(new JsonObject { ["name"] = "kill test admin", ["sha256"] = ApiKeyAuthenticator.Hash(AdminKey), ["scope"] = "admin" }),
        };
        var path = Path.Combine(_work, "registry.json");
        await File.WriteAllTextAsync(path, registry.ToJsonString(), TestContext.Current.CancellationToken);
        return path;
    }

    private static HttpClient Client(StandaloneProcess hub)
    {
        var http = hub.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return http;
    }

    private static async Task RequestSyncAsync(HttpClient http, CancellationToken ct)
    {
        using var response = await http.PostAsync($"/api/partners/{PartnerId}/feeds/{Feed}/sync", null, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            $"POST /api/partners/{PartnerId}/feeds/{Feed}/sync -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>Polls the feed's status until <paramref name="done"/> holds; the last status and what the partner served if it never does.</summary>
    private async Task<JsonElement> WaitUntilAsync(HttpClient http, string what, Func<JsonElement, bool> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonElement feed = default;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync($"/api/partners/{PartnerId}/feeds", ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.IsSuccessStatusCode, $"GET /api/partners/{PartnerId}/feeds -> {(int)response.StatusCode}: {text}");
            using var document = JsonDocument.Parse(text);
            feed = document.RootElement.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("feed").GetString() == Feed).Clone();
            if (done(feed)) return feed;
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"Not reached within {Patience.TotalMinutes:F0} min: {what}. Feed status: {feed}; the partner served " +
            $"{_partner.FeedRequests.Count} pages, up to item {(_partner.FeedRequests.Count == 0 ? 0 : _partner.FeedRequests.Max(r => r.Offset + r.Items))} of {Records}.");
    }

    /// <summary>The partner's records in the read store, listed whole until the listing holds all of them (the projection may trail the sync).</summary>
    private static async Task<List<JsonElement>> WaitForAllRecordsAsync(HttpClient http, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var records = new List<JsonElement>();
            string? token = null;
            do
            {
                var path = $"/api/partners/{PartnerId}/records?pageSize=1000" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
                using var response = await http.GetAsync(path, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                Assert.True(response.IsSuccessStatusCode, $"GET {path} -> {(int)response.StatusCode}: {text}");
                using var document = JsonDocument.Parse(text);
                records.AddRange(document.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
                token = document.RootElement.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
            while (token is not null);
            if (records.Count >= Records || DateTime.UtcNow > deadline) return records;
            await Task.Delay(200, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _partner.DisposeAsync();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
