using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Hub.Contracts.Orders;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.Orders.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.FSharp.Core;

namespace Hub.Orders.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing of the webhook endpoint, per platform, so per signature scheme and payload shape. Every field
/// gets valid, adversarial and wrong values; bodies are truncated, made invalid UTF-8 or given a BOM; signatures are
/// dropped, garbled, stale, made with another secret or over odd delivery ids. Whatever comes in: never a 5xx; every
/// 4xx is problem+json, and a 400's errors name the field that was changed; every 2xx is applied by the real order
/// projection on SQLite and the order is queryable (a throw there is what the bus would dead-letter).
/// The seed is fixed so that a failure replays; FsCheck's failure message names it with the smallest failing case.
/// </summary>
public sealed class when_webhooks_are_fuzzed : IAsyncDisposable
{
    private const ulong Seed = 20261207;
    private const int Cases = 200;
    private const string ProblemJson = "application/problem+json";

    private static readonly PlatformRegistration CustomHmac = new()
    {
        Id = "fuzz-hmac",
        Signature = new SignatureSettings
        {
            Scheme = "hmac-sha256", SignatureHeader = "X-Fuzz-Signature", Encoding = "base64", Prefix = "v1=",
            DeliveryIdHeader = "X-Fuzz-Delivery", Secrets = ["fuzz-hmac-secret"],
        },
    };

    private readonly WebhookHarness _hub = new(registry: Seeds.Registry with { Platforms = [.. Seeds.Registry.Platforms, CustomHmac] });
    private readonly OrderProjectionOnSqlite _projection = new();
    private int _serial;
    private readonly HashSet<string> _deliveryIds = new(StringComparer.Ordinal);

    public ValueTask DisposeAsync() => _projection.DisposeAsync();

    [Theory]
    [InlineData("zj-industrial")] // standard-webhooks, canonical
    [InlineData("hz-machinery")] // hmac-sha256, github preset, canonical
    [InlineData("nb-textiles")] // hmac-sha256, shopify preset, mapped
    [InlineData("wz-footwear")] // stripe, canonical
    [InlineData("fuzz-hmac")] // hmac-sha256 with its own header, base64 and prefix, canonical
    public async Task no_delivery_gets_a_5xx_every_400_names_its_field_and_every_202_is_applied(string platformId)
    {
        var platform = _hub.Registry.FindPlatform(platformId)!;
        var mapped = platform.Mapping is not null;
        var fields = mapped ? FuzzFields.Mapped : FuzzFields.Canonical(platformId);
        var cases = Arb.From(Case(fields, platform.Signature.Scheme));
        var config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(Seed), FSharpOption<int>.None)));

        // Off xUnit's context: the property blocks on the endpoint and on SQLite.
        await Task.Run(() => Check.One(config, Prop.ForAll(cases, c => Deliver(platform, c))), TestContext.Current.CancellationToken);
    }

    private void Deliver(PlatformRegistration platform, FuzzCase fuzz)
    {
        var serial = Interlocked.Increment(ref _serial);
        var body = Body(platform, fuzz, serial);
        var deliveryId = fuzz.Signature == SignatureFault.OddDeliveryId ? OddDeliveryIds[serial % OddDeliveryIds.Length] : $"msg_fuzz_{serial}";
        // The odd ids come round again: a repeat of one that was accepted is a duplicate.
        var repeated = !_deliveryIds.Add(deliveryId);
        var headers = Headers(platform, fuzz.Signature, deliveryId, body);
        var context = HttpExchange.Post(new MemoryStream(body), "application/json", body.Length, headers);
        var published = _hub.Bus.Published.Count;

        var answer = _hub.Endpoint.HandleAsync(context.Request, platform.Id, CancellationToken.None).GetAwaiter().GetResult().AnswerAsync(context).GetAwaiter().GetResult();

        var what = $"{fuzz} (body {Preview(body)}) answered {answer.Status} {answer.Body[..Math.Min(answer.Body.Length, 600)]}";
        Assert.True(answer.Status < 500, what);
        if (answer.Status >= 400) Assert.True(answer.ContentType == ProblemJson, what);
        switch (answer.Status)
        {
            case StatusCodes.Status401Unauthorized:
                Assert.True(fuzz.Signature is SignatureFault.Dropped or SignatureFault.Garbled or SignatureFault.Stale or SignatureFault.OtherSecret or SignatureFault.OddDeliveryId
                    || platform.Signature.Scheme == "stripe", what);
                break;
            case StatusCodes.Status400BadRequest:
                Assert.True(fuzz.Signature is SignatureFault.None or SignatureFault.OddDeliveryId, what);
                var errors = answer.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
                Assert.True(errors.Count > 0, what);
                Assert.All(errors, key => Assert.True(Names(fuzz, key), $"'{key}' does not name the changed field: {what}"));
                Assert.Equal(published, _hub.Bus.Published.Count);
                break;
            case StatusCodes.Status202Accepted:
                Assert.True(fuzz.Signature is SignatureFault.None or SignatureFault.OddDeliveryId && fuzz.Body is BodyFault.None or BodyFault.ByteOrderMark, what);
                var accepted = _hub.Bus.Published[^1].Event;
                var view = _projection.ApplyAsync(accepted, CancellationToken.None).GetAwaiter().GetResult();
                Assert.Equal(HubCloudEvents.GetData<OrderEventData>(accepted).Order.OrderId, view.OrderId);
                break;
            case StatusCodes.Status200OK:
                Assert.True(repeated && fuzz.Signature == SignatureFault.OddDeliveryId, what);
                Assert.Equal(published, _hub.Bus.Published.Count);
                break;
            default:
                Assert.Fail($"Unexpected status: {what}");
                break;
        }
    }

    /// <summary>Whether an error key names the changed field: itself, something inside it, or what holds it.</summary>
    private static bool Names(FuzzCase fuzz, string key)
    {
        if (fuzz.Body is BodyFault.Truncated or BodyFault.InvalidUtf8 || fuzz.IsDeep) return key == "$" || fuzz.Field.Names.Any(n => Related(key, n));
        return fuzz.Field.Names.Any(n => Related(key, n));
    }

    private static bool Related(string key, string name) =>
        key == name || Inside(key, name) || Inside(name, key);

    private static bool Inside(string inner, string outer) =>
        inner.StartsWith(outer + ".", StringComparison.Ordinal) || inner.StartsWith(outer + "[", StringComparison.Ordinal) || inner.StartsWith(outer + "/", StringComparison.Ordinal);

    private static byte[] Body(PlatformRegistration platform, FuzzCase fuzz, int serial)
    {
        var json = platform.Mapping is null ? Seeds.WebhookBody("01-zj-order-received.json") : Seeds.WebhookBody("06-nb-mapped-payload.json");
        // A new order per case, so that every accepted one is a first apply, not an ignored repeat.
        if (platform.Mapping is null)
        {
            json["platformId"] = platform.Id;
            json["orderId"] = $"FUZZ-{serial}";
        }
        else json["order_no"] = $"FUZZ-{serial}";
        if (platform.Signature.Scheme == "stripe")
        {
            // Stripe's delivery id is the body's first-level id; first, as platforms send it.
            var withId = new JsonObject { ["id"] = $"evt_fuzz_{serial}" };
            foreach (var (name, value) in json) withId[name] = value?.DeepClone();
            json = withId;
        }
        var bytes = fuzz.Raw is null ? json.With(fuzz.Field.Pointer, null).ToUtf8() : json.ToUtf8With(fuzz.Field.Pointer, fuzz.Raw);
        return fuzz.Body switch
        {
            BodyFault.Truncated => bytes[..(int)(fuzz.Cut * (bytes.Length - 1))],
            BodyFault.InvalidUtf8 => [.. bytes[..(bytes.Length / 2)], 0xFF, 0xC0, .. bytes[(bytes.Length / 2)..]],
            BodyFault.ByteOrderMark => [0xEF, 0xBB, 0xBF, .. bytes],
            _ => bytes,
        };
    }

    private HeaderDictionary Headers(PlatformRegistration platform, SignatureFault fault, string deliveryId, byte[] body)
    {
        var signedAt = fault == SignatureFault.Stale ? _hub.Time.GetUtcNow().AddMinutes(-6) : _hub.Time.GetUtcNow();
        var settings = fault == SignatureFault.OtherSecret ? platform.Signature with { Secrets = [OtherSecret(platform.Signature)] } : platform.Signature;
        var headers = new HeaderDictionary();
        foreach (var (name, value) in Orders.Webhooks.Signatures.WebhookSigner.Sign(settings, deliveryId, body, signedAt)) headers[name] = value;
        var signatureHeader = headers.Keys.First(k => k.Contains("signature", StringComparison.OrdinalIgnoreCase) || k.Contains("hmac", StringComparison.OrdinalIgnoreCase));
        if (fault == SignatureFault.Dropped) headers.Remove(signatureHeader);
        if (fault == SignatureFault.Garbled) headers[signatureHeader] = Garble(headers[signatureHeader].ToString());
        return headers;
    }

    private static string OtherSecret(SignatureSettings settings) =>
        settings.Scheme == "standard-webhooks" ? "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("another-secret-entirely!")) : "another-secret";

    private static string Garble(string value)
    {
        // A digit for a digit: it is a different value in hex (compared case-insensitively) and in base64 alike.
        var chars = value.ToCharArray();
        var at = chars.Length - 3;
        chars[at] = chars[at] == '0' ? '1' : '0';
        return new string(chars);
    }

    private static readonly string[] OddDeliveryIds =
        ["", " ", "\u0000", "a\u202eb", "\ud800", new string('x', 10_000), "中文-1", "id\r\nX-Injected: 1", "\uffff", "🚀"];

    private static string Preview(byte[] body) => body.Length <= 300 ? Encoding.UTF8.GetString(body) : Encoding.UTF8.GetString(body[..300]) + $"… ({body.Length} bytes)";

    private static Gen<FuzzCase> Case(IReadOnlyList<FuzzField> fields, string scheme) =>
        from field in Gen.Elements(fields.ToArray())
        from raw in Gen.Frequency((1, Gen.Constant<string?>(null)), (19, FuzzValues.For(field.Valid).Select(v => (string?)v)))
        from body in Gen.Frequency((20, Gen.Constant(BodyFault.None)), (1, Gen.Constant(BodyFault.Truncated)), (1, Gen.Constant(BodyFault.InvalidUtf8)), (1, Gen.Constant(BodyFault.ByteOrderMark)))
        from cut in Gen.Choose(0, 999).Select(c => c / 1000.0)
        from signature in Gen.Frequency(
            (20, Gen.Constant(SignatureFault.None)), (1, Gen.Constant(SignatureFault.Dropped)), (1, Gen.Constant(SignatureFault.Garbled)),
            (1, Gen.Constant(scheme == "hmac-sha256" ? SignatureFault.None : SignatureFault.Stale)), (1, Gen.Constant(SignatureFault.OtherSecret)),
            (1, Gen.Constant(scheme == "stripe" ? SignatureFault.None : SignatureFault.OddDeliveryId)))
        select new FuzzCase(field, raw, body, cut, signature);
}

internal enum BodyFault { None, Truncated, InvalidUtf8, ByteOrderMark }

internal enum SignatureFault { None, Dropped, Garbled, Stale, OtherSecret, OddDeliveryId }

/// <summary>One delivery: the field changed (to <see cref="Raw"/> JSON, or removed when null), and what else is wrong with it.</summary>
internal sealed record FuzzCase(FuzzField Field, string? Raw, BodyFault Body, double Cut, SignatureFault Signature)
{
    public bool IsDeep => Raw is { Length: > 40 } r && (r.StartsWith("[[[[[", StringComparison.Ordinal) || r.StartsWith("{\"a\":{\"a\":", StringComparison.Ordinal));

    public override string ToString() =>
        $"{Field.Pointer} = {(Raw is null ? "(removed)" : Raw.Length > 120 ? Raw[..120] + $"… ({Raw.Length} chars)" : Raw)}, body {Body}{(Body == BodyFault.Truncated ? $" at {Cut:P1}" : "")}, signature {Signature}";
}
