using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Auth;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.Embedded.Messaging;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Sqlite;
using Hub.PartnerFeeds.Model;
using Hub.PartnerFeeds.Records;
using Hub.PartnerFeeds.Sync;
using Hub.PartnerFeeds.Tests.Client;
using Hub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>
/// Partner feeds' write side as the hosts compose it (<see cref="PartnerFeedsServices.AddPartnerFeeds"/>) over the real SQLite
/// read store and the real embedded bus, in a folder of its own. What the hub synced is what the bus delivers to the
/// read-store subscription: <see cref="Synced"/> keeps every delivery, and each is also written into the read store by
/// (partition, record id, occurredAt) as a projection does, so that <see cref="ProjectedWrites"/> counts what changed it.
/// </summary>
public sealed class SyncHub : IAsyncDisposable
{
    public const string PartnerId = "my-ewtp";
    public const string Feed = "shipments";
    public const string AdminKey = "sync-admin-key";
    public const string ReaderKey = "sync-reader-key";
    public const string RecordsContainer = "test-partner-records";

    private readonly TemporaryReadStore stores = new();
    private readonly Func<IReadStore, IReadStore>? wrapStore;
    private readonly Dictionary<string, string?> settings;
    private readonly List<ServiceProvider> providers = [];
    private readonly List<IAsyncDisposable> subscriptions = [];
    private int projectedWrites;

    /// <param name="store">Wraps the read store the sync uses (a test's crash in a write); the real one when null.</param>
    /// <param name="bus">Wraps the bus the sync publishes to (a test's refusal); the real one when null.</param>
    public SyncHub(HubRegistry registry, Func<IReadStore, IReadStore>? store = null, Dictionary<string, string?>? overrides = null,
        Func<IEventBus, IEventBus>? bus = null)
    {
        Store = stores.Store;
        Bus = stores.CreateBus([Consumers.PullPartnerFeed, Consumers.ProjectPartnerRecord],
            new EmbeddedBusOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(5), RetryMaxDelay = TimeSpan.FromMilliseconds(50) });
        wrapStore = store;
        PublishingBus = bus is null ? Bus : bus(Bus);
        settings = new Dictionary<string, string?>(TestClients.FastOptions)
        {
            // Long enough that a loaded machine's slow answer is not retried (which would blur the tests' request counts); the
            // test of a partner slower than the timeout sets its own.
            ["Hub:Partners:Client:AttemptTimeout"] = "00:00:05",
            ["Hub:Partners:Sync:LeaseDuration"] = "00:00:01",
            ["Hub:Partners:Sync:TimeBudget"] = "00:01:00",
            ["Hub:Partners:Sync:SchedulerInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in overrides ?? []) settings[key] = value;
        Services = Compose(registry);
    }

    public SqliteReadStore Store { get; }
    public SqliteEventBus Bus { get; }

    /// <summary>The bus the sync publishes to: <see cref="Bus"/>, or the test's wrapper around it.</summary>
    public IEventBus PublishingBus { get; }
    public ServiceProvider Services { get; }

    /// <summary>Every <c>partner.record</c> delivered to the read-store subscription, by record id, in delivery order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<(string EventId, PartnerRecordData Record)>> Synced { get; } = new(StringComparer.Ordinal);

    /// <summary>Documents the deliveries wrote into the read store (a delivery of a record already there writes nothing).</summary>
    public int ProjectedWrites => Volatile.Read(ref projectedWrites);

    /// <summary>The same store and bus, with another registry (a fixed mapping, say), as a redeployed host would have.</summary>
    public ServiceProvider Compose(HubRegistry registry)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(registry with
            {
                ApiKeys = [Key(AdminKey, "admin"), Key(ReaderKey, "reader"), Key("sync-partner-key", $"partner:{PartnerId}")],
            })
            .AddSingleton<ApiKeyAuthenticator>()
            .AddSingleton<IReadStore>(wrapStore is null ? Store : wrapStore(Store))
            .AddSingleton(PublishingBus);
        services.AddPartnerFeeds();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        providers.Add(provider);
        return provider;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Subscribes the puller (the sync's handler, as Standalone does) and the read-store recorder.</summary>
    public SyncHub Start()
    {
        var handler = Service<PullPartnerFeedHandler>();
        subscriptions.Add(Bus.Subscribe(Topics.PartnerFeeds, Subscriptions.Puller, handler.HandleAsync));
        subscriptions.Add(Bus.Subscribe(Topics.PartnerFeeds, Subscriptions.ReadStore, RecordAsync));
        return this;
    }

    private async Task RecordAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var record = HubCloudEvents.GetData<PartnerRecordData>(cloudEvent);
        Synced.GetOrAdd(record.RecordId, _ => new()).Enqueue((cloudEvent.Id!, record));
        var json = JsonSerializer.Serialize(record, PartnerFeedsJsonContext.Default.PartnerRecordData);
        var written = await Store.UpsertNewerAsync(RecordsContainer,
            [new VersionedDocument(PartnerRecordData.PartitionFor(record.PartnerId, record.RecordType, record.Reference), record.RecordId,
                record.OccurredAt.ToUnixTimeMilliseconds(), json)], cancellationToken);
        Interlocked.Add(ref projectedWrites, written);
    }

    public Task<string> RequestPullAsync(string feed = Feed) =>
        Service<PartnerPullRequests>().RequestAsync(PartnerId, feed, PartnerPullRequests.Request, DateTimeOffset.UtcNow, Ct);

    public async Task<PartnerFeedState> StateAsync(string feed = Feed) => (await Service<PartnerFeedStates>().GetAsync(PartnerId, feed, Ct)).State;

    /// <summary>Waits until the feed's pull reached its end and the bus has delivered everything it holds (or fails after 60 s).</summary>
    public async Task<PartnerFeedState> WaitForSyncAsync(string feed = Feed, Func<PartnerFeedState, bool>? until = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var state = await StateAsync(feed);
            if (state.LastSyncAt is not null && state.LeaseHolder is null && (until?.Invoke(state) ?? true) && Idle()) return state;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Feed {feed} never finished syncing: cursor {state.Cursor}, {state.RecordsSynced} synced, " +
                    $"lease {state.LeaseHolder}, last error {state.LastError}; bus {string.Join(", ", Bus.Count().Select(c => $"{c.Topic}/{c.Subscription}={c.Backlog}/{c.DeadLetters}"))}");
            await Task.Delay(20, Ct);
        }
    }

    public bool Idle() => Bus.Count().All(c => c.Backlog == 0);

    /// <summary>
    /// The records the partner's items should become, by id: every item that maps, with the fields a user looks up.
    /// </summary>
    public static Dictionary<string, JsonElement> Expected(IEnumerable<string> items) =>
        items.Select(i => JsonDocument.Parse(i).RootElement).ToDictionary(e => e.GetProperty("id").GetString()!, e => e, StringComparer.Ordinal);

    /// <summary>
    /// The synced records are the partner's exactly: the same ids, none missing, none extra, each with the partner's data and
    /// extra fields; and (unless <paramref name="exactlyOnce"/> is false) each delivered once.
    /// </summary>
    public void AssertSyncedExactly(IEnumerable<string> partnerItems, bool exactlyOnce = true)
    {
        var expected = Expected(partnerItems);
        var missing = expected.Keys.Except(Synced.Keys).Order().ToList();
        var extra = Synced.Keys.Except(expected.Keys).Order().ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} records never synced (a gap), first {string.Join(", ", missing.Take(5))}");
        Assert.True(extra.Count == 0, $"{extra.Count} records synced that the partner does not have, first {string.Join(", ", extra.Take(5))}");
        foreach (var (id, deliveries) in Synced)
        {
            var item = expected[id];
            if (exactlyOnce) Assert.True(deliveries.Count == 1, $"record {id} was delivered {deliveries.Count} times");
            foreach (var (eventId, record) in deliveries)
            {
                Assert.Equal(PartnerRecordData.IdFor(PartnerId, id), eventId);
                Assert.Equal(item.GetProperty("data").GetRawText(), record.Data.GetRawText());
                Assert.Equal(item.GetProperty("data").GetProperty("trackingNumber").GetString(), record.Reference);
                Assert.Equal(item.GetProperty("lane").GetString(), record.Extra!["lane"].GetString());
            }
        }
        Assert.Equal(expected.Count, ProjectedWrites);
    }

    public async Task<List<QuarantinedRecord>> QuarantineAsync()
    {
        var (items, _) = await Service<PartnerQuarantine>().ListAsync(PartnerId, null, 1000, null, Ct);
        return items.ToList();
    }

    public static HubRegistry Registry(Uri baseUrl, int pageSize = 300, string? schedule = null, PartnerAuthSettings? auth = null,
        IReadOnlyDictionary<string, string>? recordTypes = null, params string[] moreFeeds) => new()
    {
        Partners =
        [
            new PartnerRegistration
            {
                Id = PartnerId,
                Name = "Malaysia eWTP hub",
                Country = "MY",
                BaseUrl = baseUrl.ToString(),
                Auth = auth ?? new PartnerAuthSettings { Kind = "api-key", Key = "partner-key" },
                Feeds = [new PartnerFeedRegistration { Name = Feed, PageSize = pageSize, Schedule = schedule },
                    .. moreFeeds.Select(f => new PartnerFeedRegistration { Name = f, PageSize = pageSize, Schedule = schedule })],
                RecordTypes = recordTypes ?? new Dictionary<string, string>(),
            },
        ],
    };

    // --- HTTP, through the endpoints both hosts map ---

    public sealed record Answer(int Status, string Body, IHeaderDictionary Headers)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    public async Task<Answer> PostAsync(string? key, Func<HttpRequest, Task<IResult>> endpoint, IServiceProvider? services = null)
    {
        var context = new DefaultHttpContext { RequestServices = services ?? Services };
        context.Request.Method = "POST";
        if (key is not null) context.Request.Headers.Authorization = $"Bearer {key}";
        context.Response.Body = new MemoryStream();
        var result = await endpoint(context.Request);
        await result.ExecuteAsync(context);
        return new Answer(context.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()), context.Response.Headers);
    }

    private static ApiKeyRegistration Key(string key, string scope) => new() { Name = scope, Sha256 = ApiKeyAuthenticator.Hash(key), Scope = scope };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in subscriptions) await subscription.DisposeAsync();
        foreach (var provider in providers) await provider.DisposeAsync();
        await stores.DisposeAsync();
    }
}
