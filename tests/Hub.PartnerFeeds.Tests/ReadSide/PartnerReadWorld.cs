using System.Net.Http.Headers;
using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Auth;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.PartnerFeeds.Mapping;
using Hub.PartnerFeeds.Model;
using Hub.PartnerFeeds.ReadSide;
using Hub.PartnerFeeds.Records;
using Hub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hub.PartnerFeeds.Tests.ReadSide;

/// <summary>
/// Two partners in a registry, the real SQLite read store, and the three partner read routes on a real Kestrel at 127.0.0.1,
/// mapped as both hosts map them, with the read side composed by <see cref="PartnerFeedsReadSideServices.AddPartnerFeedsReadSide"/>.
/// </summary>
public sealed class PartnerReadWorld : IAsyncDisposable
{
    public const string Malaysia = "my-ewtp";
    public const string Belgium = "be-ewtp";
    public const string AdminKey = "test-admin-key";
    public const string ReaderKey = "test-reader-key";
    public const string MalaysiaKey = "test-partner-my-key";
    public const string BelgiumKey = "test-partner-be-key";
    public const string PlatformKey = "test-platform-acme-key";
    public const string OrganiserKey = "test-organiser-key";

    public static readonly DateTimeOffset Now = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);

    public static HubRegistry Registry { get; } = new()
    {
        Partners =
        [
            new PartnerRegistration
            {
                Id = Malaysia,
                Name = "eWTP hub Malaysia (Kuala Lumpur)",
                Country = "MY",
                BaseUrl = "https://my-ewtp.example",
                Auth = new PartnerAuthSettings { Kind = "api-key", Key = "k" },
                Feeds =
                [
                    new PartnerFeedRegistration { Name = "shipments", PageSize = 500, Schedule = "*/5 * * * *" },
                    new PartnerFeedRegistration { Name = "listings", PageSize = 200, Schedule = "0 * * * *" },
                ],
                RecordTypes = new Dictionary<string, string> { ["parcel_event"] = PartnerRecordTypes.ShipmentStatus },
            },
            new PartnerRegistration
            {
                Id = Belgium,
                Name = "eWTP hub Belgium (Liège)",
                Country = "BE",
                BaseUrl = "https://be-ewtp.example",
                Auth = new PartnerAuthSettings { Kind = "api-key", Key = "k" },
                Feeds = [new PartnerFeedRegistration { Name = "customs" }],
            },
        ],
        ApiKeys =
        [
            Key(AdminKey, "admin"),
            Key(ReaderKey, "reader"),
            Key(MalaysiaKey, $"partner:{Malaysia}"),
            Key(BelgiumKey, $"partner:{Belgium}"),
            Key(PlatformKey, "platform:acme"),
            Key(OrganiserKey, "organiser:expo-1"),
        ],
    };

    private readonly TemporaryReadStore _readStore = new();
    private WebApplication? _app;

    public IReadStore Store => _readStore.Store;
    public FakeTimeProvider Time { get; } = new(Now);
    public PartnerRecordProjection Projection { get; }
    public HttpClient Http { get; private set; } = null!;

    public PartnerReadWorld() => Projection = new PartnerRecordProjection(Store, NullLogger<PartnerRecordProjection>.Instance);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(Registry);
        builder.Services.AddSingleton<IReadStore>(Store);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddSingleton<ApiKeyAuthenticator>();
        builder.Services.AddPartnerFeedsReadSide();
        _app = builder.Build();
        var api = _app.MapGroup("/api");
        api.MapGet("/partners/{partnerId}/feeds", (HttpRequest request, string partnerId, PartnerQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListFeedsAsync(request, partnerId, ct));
        api.MapGet("/partners/{partnerId}/records", (HttpRequest request, string partnerId, PartnerQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListRecordsAsync(request, partnerId, ct));
        api.MapGet("/partners/{partnerId}/quarantine", (HttpRequest request, string partnerId, PartnerQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListQuarantineAsync(request, partnerId, ct));
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>GETs <paramref name="path"/> with <paramref name="apiKey"/> (none when null): the status, media type and JSON body.</summary>
    public async Task<Answer> GetAsync(string? apiKey, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await Http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        using var json = JsonDocument.Parse(body.Length == 0 ? "null" : body);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, json.RootElement.Clone());
    }

    /// <summary>Maps a partner item as a pull would, and projects the record it maps to.</summary>
    public async Task<PartnerRecordData> ProjectAsync(string partnerId, string itemJson, string? feed = "shipments")
    {
        using var item = JsonDocument.Parse(itemJson);
        var mapping = PartnerRecordMapper.Map(Registry.FindPartner(partnerId)!, item.RootElement, feed, Now);
        var record = Assert.IsType<PartnerRecordMapping.Mapped>(mapping).Record;
        var cloudEvent = Hub.Core.Events.HubCloudEvents.Decode(Hub.Core.Events.HubCloudEvents.Encode(PartnerRecordEvents.Create(record)));
        await Projection.HandleAsync(cloudEvent, Ct);
        return record;
    }

    public async Task QuarantineAsync(string partnerId, string? feed, string itemJson)
    {
        using var item = JsonDocument.Parse(itemJson);
        var outcome = Assert.IsType<PartnerRecordMapping.Quarantined>(PartnerRecordMapper.Map(Registry.FindPartner(partnerId)!, item.RootElement, feed, Now));
        await new PartnerQuarantine(Store).PutAsync(partnerId, feed, item.RootElement, outcome, Now, Ct);
    }

    public Task PutFeedStateAsync(PartnerFeedState state) =>
        Store.UpsertAsync(ReadStoreContainers.PartnerFeeds, state.PartnerId, state.Feed,
            HubJson.Serialize(state, PartnerFeedsJsonContext.Default.PartnerFeedState), WriteCondition.Always, Ct);

    public static string Shipment(string id, string trackingNumber, string status, DateTimeOffset occurredAt, string type = "shipment-status") =>
        $$$"""{"id": "{{{id}}}", "type": "{{{type}}}", "occurredAt": "{{{occurredAt:yyyy-MM-ddTHH:mm:ssZ}}}", "data": {"trackingNumber": "{{{trackingNumber}}}", "status": "{{{status}}}", "carrier": "Pos Laju"}}""";

    public static string Customs(string id, string declarationNumber, string status, DateTimeOffset occurredAt) =>
        $$$"""{"id": "{{{id}}}", "type": "customs-clearance", "occurredAt": "{{{occurredAt:yyyy-MM-ddTHH:mm:ssZ}}}", "data": {"declarationNumber": "{{{declarationNumber}}}", "status": "{{{status}}}", "customsMode": "9610"}}""";

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await _readStore.DisposeAsync();
    }

    private static ApiKeyRegistration Key(string key, string scope) => new() { Name = scope, Sha256 = ApiKeyAuthenticator.Hash(key), Scope = scope };
}

/// <summary>An HTTP answer as a client reads it.</summary>
public sealed record Answer(int Status, string? MediaType, JsonElement Json)
{
    public IReadOnlyList<string> ErrorFields => Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
    public IReadOnlyList<JsonElement> Items => Json.GetProperty("items").EnumerateArray().ToList();
    public string? ContinuationToken => Json.GetProperty("continuationToken").GetString();
}
