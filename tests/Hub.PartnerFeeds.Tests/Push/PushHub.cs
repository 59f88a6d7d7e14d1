using System.Collections.Concurrent;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Contracts.PartnerFeeds;
using Hub.Core;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.Embedded;
using Hub.Embedded.Messaging;
using Hub.Embedded.Sqlite;
using Hub.PartnerFeeds.Tests.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.PartnerFeeds.Tests.Push;

/// <summary>
/// The pushes as Standalone composes them (<see cref="PartnerPushServices.AddPartnerPushes"/> over the embedded adapters: the
/// real SQLite bus, read store and idempotency store, in a folder of its own), with the partner client's delays cut short.
/// </summary>
public sealed class PushHub : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"hub-push-{Guid.NewGuid():N}");
    private readonly ServiceProvider _services;
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<string, int> _finished = new();

    /// <param name="bus">Stands in for the bus (a recording one); the embedded bus when null.</param>
    public PushHub(HubRegistry registry, Dictionary<string, string?>? settings = null, IEventBus? bus = null, TimeProvider? time = null)
    {
        var configuration = new Dictionary<string, string?>(TestClients.FastOptions)
        {
            ["Hub:DataPath"] = _folder,
            ["Hub:Bus:RetryBaseDelay"] = "00:00:00.010",
            ["Hub:Bus:RetryMaxDelay"] = "00:00:00.050",
            ["Hub:Bus:MaxDeliveryAttempts"] = "4",
        };
        foreach (var (key, value) in settings ?? []) configuration[key] = value;
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .AddLogging()
            .AddSingleton(registry);
        if (time is not null) services.AddSingleton(time);
        services.AddOptions<HubOptions>().BindConfiguration(HubOptions.SectionName);
        services.AddEmbeddedAdapters();
        if (bus is not null) services.Replace(ServiceDescriptor.Singleton(bus));
        services.AddPartnerPushes();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public T Service<T>() where T : notnull => _services.GetRequiredService<T>();

    public SqliteEventBus Bus => Service<SqliteEventBus>();
    public IReadStore Store => Service<IReadStore>();

    /// <summary>Delivers <c>orders/partner-push</c> to the registered handler, as Standalone does, counting each finished attempt.</summary>
    public void StartPushing()
    {
        var handler = Service<IEnumerable<EventHandlerRegistration>>().Single(r => r.Consumer == Consumers.PushOrderToPartner).Resolve(_services);
        _subscriptions.Add(Bus.Subscribe(Topics.Orders, Subscriptions.PartnerPush, async (e, ct) =>
        {
            try
            {
                await handler(e, ct);
            }
            finally
            {
                _finished.AddOrUpdate(e.Id!, 1, (_, n) => n + 1);
            }
        }));
    }

    /// <summary>Attempts of the event that have finished, whatever their outcome.</summary>
    public int AttemptsOf(string eventId) => _finished.GetValueOrDefault(eventId);

    public async Task<OrderPartnerPush?> PushStatusAsync(string platformId, string orderId)
    {
        var stored = await Store.GetAsync(ReadStoreContainers.PartnerPushes, platformId, orderId, TestClients.Ct);
        return stored is null ? null : System.Text.Json.JsonSerializer.Deserialize(stored.Json, PartnerFeedsJsonContext.Default.OrderPartnerPush);
    }

    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync() => Bus.ListAsync(Topics.Orders, Subscriptions.PartnerPush, 100, TestClients.Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions) await subscription.DisposeAsync();
        var database = _services.GetService<SqliteDatabase>();
        await _services.DisposeAsync();
        if (database is not null)
            using (var pooled = new SqliteConnection(database.ConnectionString)) SqliteConnection.ClearPool(pooled);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>An order event as the order webhook publishes it: the CloudEvent id is the delivery's ingestion id.</summary>
    public static CloudEvent OrderEvent(string ingestionId, string orderId, long version, string customsMode = CustomsModes.CrossBorderB2C,
        string buyerCountry = "MY", string platformId = "shop-1")
    {
        var order = new CanonicalOrder
        {
            PlatformId = platformId,
            OrderId = orderId,
            Version = version,
            EventType = OrderEventKinds.Received,
            OccurredAt = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero).AddMinutes(version),
            Buyer = new OrderParty { Id = "buyer-1", Name = "Siti", Country = buyerCountry, Kind = PartyKinds.Consumer },
            Seller = new OrderParty { Id = "seller-1", Name = "Hangzhou Pumps", Country = "CN" },
            Currency = "USD",
            Lines = [new OrderLine { Sku = "PUMP-1", HsCode = "841370", Quantity = 2, UnitPrice = 49.5m }],
        };
        var data = new OrderEventData { IngestionId = ingestionId, ReceivedAt = DateTimeOffset.UtcNow, CustomsMode = customsMode, Order = order };
        return HubCloudEvents.Create(ingestionId, OrderEventTypes.Received, EventSources.OrderSync, $"{platformId}/{orderId}", order.OccurredAt, data);
    }
}
