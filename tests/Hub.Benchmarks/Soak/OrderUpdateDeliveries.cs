using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Benchmarks.Load;
using Hub.Contracts.Orders;
using Hub.Core.Registry;
using Hub.Orders.Webhooks.Signatures;
using Hub.Testing;

namespace Hub.Benchmarks.Soak;

/// <summary>How the versions of a pool's orders move from one round of the pool to the next.</summary>
public enum OrderVersions
{
    /// <summary>Each round is one version newer: every accepted webhook is applied by the projection.</summary>
    Increasing,

    /// <summary>Every round carries version 1: after the first round the projection reads each order and leaves it as it is.</summary>
    Same,
}

/// <summary>
/// Webhooks for a fixed pool of orders, taken round and round, each signed as it is taken (a run of minutes cannot be
/// signed ahead: the scheme's tolerance is 300 s, and so many would not fit in memory). Delivery n is for order
/// n mod pool, in round n / pool; its delivery id is unique for the whole run, so the hub records every one of them,
/// while the read store holds at most pool orders. The body is <c>seeds/webhooks/01-zj-order-received.json</c>'s with
/// the order id, version and event type set: <c>received</c> in the first round, <c>updated</c> after it.
/// </summary>
/// <remarks>
/// The hub answers 202 to any well-signed, valid order whatever its version: it is the projection that ignores an
/// event not newer than the stored order. So neither mode is answered 400 or 409; with <see cref="OrderVersions.Increasing"/>
/// the rounds are also taken in order (n and n + pool are a whole pool apart), so none is ignored either.
/// </remarks>
public sealed partial class OrderUpdateDeliveries : IDeliverySource
{
    public const string OrderIdPrefix = "ZJ-SOAK-";

    private readonly SignatureSettings _signature;
    private readonly (byte[] Literal, string? Hole)[] _template;
    private readonly int _pool;
    private readonly OrderVersions _versions;
    private long _next = -1;

    private OrderUpdateDeliveries(SignatureSettings signature, (byte[], string?)[] template, int pool, OrderVersions versions)
    {
        _signature = signature;
        _template = template;
        _pool = pool;
        _versions = versions;
    }

    public static OrderUpdateDeliveries FromSeeds(int pool, OrderVersions versions)
    {
        var registry = RegistryLoader.Load(RepositoryPaths.SeedRegistry);
        var platform = registry.FindPlatform(WebhookDeliveries.PlatformId)
            ?? throw new InvalidOperationException($"seeds/registry.json has no '{WebhookDeliveries.PlatformId}'.");
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, "webhooks", "01-zj-order-received.json")))!;
        var body = sample["body"]!.AsObject();
        body["orderId"] = "@@ORDER@@";
        body["version"] = "@@VERSION@@";
        body["eventType"] = "@@EVENT@@";
        var text = body.ToJsonString().Replace("\"@@VERSION@@\"", "@@VERSION@@", StringComparison.Ordinal);
        // Split with a capturing group: literals at even places, the holes' names at odd ones.
        var pieces = Hole().Split(text);
        var template = pieces.Select((piece, i) => i % 2 == 0 ? (Encoding.UTF8.GetBytes(piece), (string?)null) : ([], piece)).ToArray();
        return new OrderUpdateDeliveries(platform.Signature, template, pool, versions);
    }

    /// <summary>Deliveries taken so far (each worker takes its next one before sending it).</summary>
    public long Taken => Interlocked.Read(ref _next) + 1;

    public static string OrderId(long index) => OrderIdPrefix + index.ToString("D7", CultureInfo.InvariantCulture);

    public bool TryNext(out SignedDelivery delivery)
    {
        delivery = Create(Interlocked.Increment(ref _next), DateTimeOffset.UtcNow);
        return true;
    }

    public SignedDelivery Create(long n, DateTimeOffset signedAt)
    {
        var round = n / _pool;
        var orderId = OrderId(n % _pool);
        var version = _versions == OrderVersions.Increasing ? round + 1 : 1;
        var eventType = round == 0 ? OrderEventKinds.Received : OrderEventKinds.Updated;
        var body = Fill(orderId, version.ToString(CultureInfo.InvariantCulture), eventType);
        var headers = WebhookSigner.Sign(_signature, "msg_soak_" + n.ToString(CultureInfo.InvariantCulture), body, signedAt);
        return new SignedDelivery(orderId, body, [.. headers]);
    }

    private byte[] Fill(string orderId, string version, string eventType)
    {
        var values = _template.Select(p => p.Hole switch
        {
            null => p.Literal,
            "ORDER" => Encoding.UTF8.GetBytes(orderId),
            "VERSION" => Encoding.UTF8.GetBytes(version),
            "EVENT" => Encoding.UTF8.GetBytes(eventType),
            _ => throw new InvalidOperationException($"Unknown hole '{p.Hole}'."),
        }).ToArray();
        var body = new byte[values.Sum(v => v.Length)];
        var at = 0;
        foreach (var value in values)
        {
            value.CopyTo(body, at);
            at += value.Length;
        }
        return body;
    }

    [GeneratedRegex("@@(ORDER|VERSION|EVENT)@@")]
    private static partial Regex Hole();
}
