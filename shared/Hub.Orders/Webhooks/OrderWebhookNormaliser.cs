using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.Core.Validation;
using Hub.Orders.Canonical;
using Hub.Orders.Customs;
using Hub.Orders.Mapping;

namespace Hub.Orders.Webhooks;

/// <summary>
/// The pure part of order ingestion: a verified body in, the CloudEvent to publish (or every fault) out.
/// </summary>
public static class OrderWebhookNormaliser
{
    /// <summary>
    /// Deterministic per (platform, delivery id), so that a redelivery carries the same id: it is both the
    /// ingestion id returned to the platform and the CloudEvent id that travels to every consumer.
    /// </summary>
    public static string IngestionIdFor(string platformId, string deliveryId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(platformId + "\n" + deliveryId), hash);
        return "ord_" + Convert.ToHexStringLower(hash[..16]);
    }

    public static (CloudEvent? Event, WebhookOutcome.Invalid? Fault) Normalise(
        PlatformRegistration platform, ReadOnlyMemory<byte> body, string ingestionId, DateTimeOffset receivedAt)
    {
        if (!Utf8.IsValid(body.Span))
            return (null, Fault("$", "The body is not valid UTF-8."));
        // A byte-order mark is legal UTF-8 but not JSON; the signature covered the raw bytes, so it is dropped only here.
        if (body.Span.StartsWith("\uFEFF"u8)) body = body[3..];

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return (null, Fault("$", $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}"));
        }

        using (document)
        {
            if (UnpairedSurrogates.Find(body.Span) is { } pointer) return (null, NotUnicode(platform, pointer));
            var root = platform.Mapping is null ? document.RootElement : PayloadMapper.ToCanonical(document.RootElement, platform.Mapping);
            var errors = new ValidationErrors();
            var order = CanonicalOrderReader.Read(root, platform.Id, errors);
            if (order is null)
            {
                var faults = errors.ToDictionary();
                if (platform.Mapping is not null)
                    faults = faults.ToDictionary(
                        f => f.Key,
                        f => PayloadMapper.SourceOf(f.Key, platform.Mapping) is { } source
                            ? f.Value.Select(m => $"{m} (mapped from {source})").ToArray()
                            : f.Value);
                return (null, new WebhookOutcome.Invalid($"The order has {faults.Count} invalid field(s); every fault is listed in 'errors'.", faults));
            }

            var data = new OrderEventData
            {
                IngestionId = ingestionId,
                ReceivedAt = receivedAt,
                CustomsMode = CustomsModeRules.Derive(order),
                Order = order,
            };
            var cloudEvent = HubCloudEvents.Create(
                id: ingestionId,
                type: OrderEventTypes.FromCanonical(order.EventType)!,
                source: EventSources.OrderSync,
                subject: $"{order.PlatformId}/{order.OrderId}",
                time: order.OccurredAt,
                data: data);
            return (cloudEvent, null);
        }
    }

    private static WebhookOutcome.Invalid NotUnicode(PlatformRegistration platform, string pointer)
    {
        const string Problem = "Contains a \\u escape of half a UTF-16 surrogate pair (such as \\ud800) with no other half: text must be Unicode";
        if (platform.Mapping is null) return Fault(FieldPath(pointer), Problem + ".");
        var field = PayloadMapper.TargetOf(pointer, platform.Mapping);
        return Fault(field ?? pointer, field is null ? Problem + "." : $"{Problem}. (mapped from {pointer})");
    }

    // /lines/0/sku -> lines[0].sku, the way every other fault names a canonical field.
    private static string FieldPath(string pointer)
    {
        if (pointer.Length == 0) return "$";
        var path = new StringBuilder();
        foreach (var segment in pointer[1..].Split('/'))
        {
            if (segment.Length > 0 && !segment.AsSpan().ContainsAnyExceptInRange('0', '9')) path.Append('[').Append(segment).Append(']');
            else path.Append(path.Length == 0 ? "" : ".").Append(segment.Replace("~1", "/").Replace("~0", "~"));
        }
        return path.ToString();
    }

    private static WebhookOutcome.Invalid Fault(string path, string message) =>
        new(message, new Dictionary<string, string[]> { [path] = [message] });

    // Drops the parser's own " Path: ... | LineNumber: ..." suffix, whose 0-based numbers would contradict the ones above.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
