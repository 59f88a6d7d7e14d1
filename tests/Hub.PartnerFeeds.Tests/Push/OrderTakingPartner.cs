using System.Collections.Concurrent;
using Hub.Core.Registry;
using Hub.PartnerFeeds.Tests.Client;
using Microsoft.AspNetCore.Http;

namespace Hub.PartnerFeeds.Tests.Push;

/// <summary>
/// A partner on loopback that takes orders as the protocol says: <c>POST /orders</c> with an <c>Idempotency-Key</c>, 201 the
/// first time a key comes, 200 with the same body when it comes again. It can refuse (400 with its reason) or be unavailable
/// (503) for a while, and it remembers every request it saw.
/// </summary>
public sealed class OrderTakingPartner : IAsyncDisposable
{
    public const string PartnerId = "my-ewtp";
    public const string ApiKey = "push-test-key";

    private readonly ConcurrentDictionary<string, string> _orders = new(StringComparer.Ordinal);
    private MisbehavingPartner _server = null!;
    private int _unavailableFor;

    private OrderTakingPartner() { }

    public static async Task<OrderTakingPartner> StartAsync()
    {
        var partner = new OrderTakingPartner();
        partner._server = await MisbehavingPartner.StartAsync(partner.AnswerAsync);
        return partner;
    }

    /// <summary>The reason a 400 gives; null to take orders.</summary>
    public string? RefusalReason { get; set; }

    /// <summary>The next <paramref name="requests"/> order requests get 503.</summary>
    public void UnavailableFor(int requests) => Volatile.Write(ref _unavailableFor, requests);

    public Uri BaseUrl => _server.BaseUrl;

    public IReadOnlyList<SeenRequest> OrderRequests => _server.On("/orders");

    /// <summary>The orders the partner holds, by idempotency key (each once, whatever was repeated).</summary>
    public IReadOnlyDictionary<string, string> Orders => _orders;

    public PartnerRegistration Registration(SignatureSettings? signature = null) => new()
    {
        Id = PartnerId,
        Name = "Malaysia eWTP hub",
        Country = "MY",
        BaseUrl = BaseUrl.ToString(),
        Auth = new PartnerAuthSettings { Kind = "api-key", Header = "X-Api-Key", Key = ApiKey },
        PushOrders = true,
        Destinations = ["MY", "SG"],
        Signature = signature,
    };

    private async Task AnswerAsync(HttpContext context, int _)
    {
        if (context.Request.Headers["X-Api-Key"].ToString() != ApiKey)
        {
            await MisbehavingPartner.Json(context, """{"error":"unknown api key"}""", 401);
            return;
        }
        if (Interlocked.Decrement(ref _unavailableFor) >= 0)
        {
            await MisbehavingPartner.Json(context, """{"error":"order intake paused for maintenance"}""", 503);
            return;
        }
        if (RefusalReason is { } reason)
        {
            await MisbehavingPartner.Json(context, $$"""{"error":"{{reason}}"}""", 400);
            return;
        }
        if (context.Request.Headers["Idempotency-Key"].ToString() is not { Length: > 0 } key)
        {
            await MisbehavingPartner.Json(context, """{"error":"Idempotency-Key required"}""", 400);
            return;
        }
        var first = _orders.TryAdd(key, _server.Requests.Last(r => r.Header("Idempotency-Key") == key).Body);
        await MisbehavingPartner.Json(context, $$"""{"accepted":true,"key":"{{key}}"}""", first ? 201 : 200);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
