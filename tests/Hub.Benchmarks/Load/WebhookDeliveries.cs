using System.Text;
using System.Text.Json;
using Hub.Core.Registry;
using Hub.Orders.Webhooks.Signatures;
using Hub.Testing;

namespace Hub.Benchmarks.Load;

/// <summary>
/// Deliveries from <c>zj-industrial</c> (standard-webhooks), each the canonical sample
/// <c>seeds/webhooks/01-zj-order-received.json</c> as posted by <c>--demo</c>, with its own order id and delivery id.
/// A series letter keeps the ids of one phase apart from another's.
/// </summary>
public sealed class WebhookDeliveries
{
    public const string PlatformId = "zj-industrial";
    private const string SampleOrderId = "ZJ-1001";

    private readonly SignatureSettings _signature;
    private readonly byte[] _beforeOrderId;
    private readonly byte[] _afterOrderId;

    private WebhookDeliveries(SignatureSettings signature, string body)
    {
        _signature = signature;
        var quoted = $"\"{SampleOrderId}\"";
        var at = body.IndexOf(quoted, StringComparison.Ordinal);
        if (at < 0 || body.IndexOf(quoted, at + 1, StringComparison.Ordinal) >= 0)
            throw new InvalidOperationException($"The sample body must hold {quoted} exactly once.");
        _beforeOrderId = Encoding.UTF8.GetBytes(body[..(at + 1)]);
        _afterOrderId = Encoding.UTF8.GetBytes(body[(at + quoted.Length - 1)..]);
    }

    public int BodyBytes => _beforeOrderId.Length + OrderId("X", 0).Length + _afterOrderId.Length;

    public static WebhookDeliveries FromSeeds()
    {
        var registry = RegistryLoader.Load(RepositoryPaths.SeedRegistry);
        var platform = registry.FindPlatform(PlatformId) ?? throw new InvalidOperationException($"seeds/registry.json has no '{PlatformId}'.");
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, "webhooks", "01-zj-order-received.json")));
        return new WebhookDeliveries(platform.Signature, sample.RootElement.GetProperty("body").GetRawText());
    }

    public static string OrderId(string series, long n) => $"ZJ-BENCH-{series}{n:D7}";

    public SignedDelivery Create(string series, long n, DateTimeOffset signedAt)
    {
        var orderId = OrderId(series, n);
        var id = Encoding.UTF8.GetBytes(orderId);
        var body = new byte[_beforeOrderId.Length + id.Length + _afterOrderId.Length];
        _beforeOrderId.CopyTo(body, 0);
        id.CopyTo(body, _beforeOrderId.Length);
        _afterOrderId.CopyTo(body, _beforeOrderId.Length + id.Length);
        var headers = WebhookSigner.Sign(_signature, $"msg_bench_{series}_{n}", body, signedAt);
        return new SignedDelivery(orderId, body, [.. headers]);
    }

    public SignedDelivery[] Build(string series, int count, DateTimeOffset signedAt)
    {
        var deliveries = new SignedDelivery[count];
        for (var i = 0; i < count; i++) deliveries[i] = Create(series, i, signedAt);
        return deliveries;
    }
}
