using Hub.Core.Idempotency;
using Hub.Core.Registry;
using Hub.Orders.Webhooks;
using Hub.Orders.Webhooks.Signatures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Orders.Tests.Support;

/// <summary>An <see cref="OrderWebhookHandler"/> over the seed registry, fake ports and a fake clock, and deliveries signed as the platform would.</summary>
internal sealed class WebhookHarness
{
    /// <param name="registry">The seed registry unless given (a test's own platforms).</param>
    public WebhookHarness(TimeSpan idempotencyDelay = default, HubRegistry? registry = null)
    {
        Registry = registry ?? Seeds.Registry;
        Deliveries = new InMemoryIdempotencyStore(idempotencyDelay);
        Handler = new OrderWebhookHandler(Registry, new PublishThenRecord(Bus, Deliveries), Deliveries, Time, NullLogger<OrderWebhookHandler>.Instance);
        Endpoint = new OrderWebhookEndpoint(Handler, Registry);
    }

    public HubRegistry Registry { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    public RecordingEventBus Bus { get; } = new();
    public InMemoryIdempotencyStore Deliveries { get; }
    public OrderWebhookHandler Handler { get; }
    public OrderWebhookEndpoint Endpoint { get; }

    public WebhookDelivery Signed(string platformId, string deliveryId, byte[] body) =>
        new(platformId, SignedHeaders(platformId, deliveryId, body), body);

    public HeaderDictionary SignedHeaders(string platformId, string deliveryId, byte[] body)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in WebhookSigner.Sign(Registry.FindPlatform(platformId)!.Signature, deliveryId, body, Time.GetUtcNow()))
            headers[name] = value;
        return headers;
    }
}
