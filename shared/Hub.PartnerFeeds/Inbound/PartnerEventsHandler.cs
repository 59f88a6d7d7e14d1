using System.Collections.Concurrent;
using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Events;
using Hub.Core.Http;
using Hub.Core.Idempotency;
using Hub.Core.Registry;
using Hub.Core.Webhooks;
using Hub.PartnerFeeds.Mapping;
using Hub.PartnerFeeds.Records;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.PartnerFeeds.Inbound;

/// <summary>
/// Accepts records a partner pushes (<c>POST /api/partners/{partnerId}/events</c>): verify the Standard Webhooks signature
/// with the partner's active secrets, dedupe by <c>webhook-id</c>, map each item as a pull would, publish what maps as
/// <c>partner.record</c> events (same CloudEvent ids as a pull of the same records) and quarantine the rest.
/// </summary>
public sealed partial class PartnerEventsHandler(
    HubRegistry registry, IEventBus bus, IIdempotencyStore deliveries, PartnerQuarantine quarantine, TimeProvider time,
    ILogger<PartnerEventsHandler> logger)
{
    public const string DeliveryScope = "partner-events";
    public const int MaxItems = 1_000;

    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    /// <param name="body">The raw body, exactly as received (the signature covers it).</param>
    public async Task<PartnerEventsOutcome> HandleAsync(string partnerId, IHeaderDictionary headers, byte[] body, CancellationToken cancellationToken)
    {
        var partner = registry.FindPartner(partnerId);
        if (partner is null) return new PartnerEventsOutcome.UnknownPartner($"No partner '{partnerId}' is registered.");
        if (partner.Signature is not { } signature)
            return new PartnerEventsOutcome.UnknownPartner($"Partner '{partnerId}' has no signature settings, so it cannot push events.");

        var now = time.GetUtcNow();
        var check = StandardWebhooksSignature.Verify(signature, headers, body, now);
        if (!check.IsValid)
        {
            LogSignatureRejected(partnerId, check.Failure);
            return new PartnerEventsOutcome.SignatureRejected(check.Failure ?? "The signature does not verify.");
        }

        var deliveryId = check.DeliveryId!;
        var key = $"{partner.Id}/{deliveryId}";
        while (true)
        {
            // One handling per delivery in this process at a time: a concurrent repeat waits for the first and then finds its record.
            var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = _inFlight.GetOrAdd(key, mine.Task);
            if (first != mine.Task)
            {
                // Completes however the first ended; then this one looks again (a failed first left no record).
                await first.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                if (await deliveries.FindAsync(DeliveryScope, key, cancellationToken).ConfigureAwait(false) is { } recorded)
                {
                    LogDuplicate(partnerId, deliveryId);
                    return new PartnerEventsOutcome.Accepted(Deserialize(recorded) with { Duplicate = true });
                }
                return await AcceptAsync(partner, deliveryId, key, body, now, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _inFlight.TryRemove(new KeyValuePair<string, Task>(key, mine.Task));
                mine.SetResult();
            }
        }
    }

    private async Task<PartnerEventsOutcome> AcceptAsync(PartnerRegistration partner, string deliveryId, string key, byte[] body, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (!RequestBodies.TryParseJson(body, out var document, out var error))
            return Invalid("body", error);
        using (document)
        {
            if (ReadItems(document.RootElement) is not { } items)
                return Invalid("body", "Send one item {\"id\", \"type\", \"occurredAt\", \"data\"} or {\"items\": [ ... ]}.");
            if (items.Count == 0) return Invalid("items", "At least one item is required.");
            if (items.Count > MaxItems) return Invalid("items", $"At most {MaxItems} items per push (got {items.Count}).");

            var records = new List<PartnerRecordMapping.Mapped>();
            var quarantined = new List<(JsonElement Item, PartnerRecordMapping.Quarantined Outcome)>();
            foreach (var item in items)
            {
                switch (PartnerRecordMapper.Map(partner, item, feed: null, now))
                {
                    case PartnerRecordMapping.Mapped mapped: records.Add(mapped); break;
                    case PartnerRecordMapping.Quarantined outcome: quarantined.Add((item, outcome)); break;
                }
            }

            try
            {
                await bus.PublishAsync(Topics.PartnerFeeds, records.Select(r => PartnerRecordEvents.Create(r.Record)).ToList(), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (EventBusUnavailableException e)
            {
                LogBusUnavailable(e, partner.Id, deliveryId);
                return new PartnerEventsOutcome.BusUnavailable("The records could not be queued; nothing was recorded. Retry later.");
            }

            // The delivery is recorded last: a failure before that leaves the partner's retry to do it all again, which the
            // deterministic event ids and the quarantine's upsert absorb.
            foreach (var (item, outcome) in quarantined)
                await quarantine.PutAsync(partner.Id, null, item, outcome, now, cancellationToken).ConfigureAwait(false);
            foreach (var mapped in records)
                await quarantine.RemoveAsync(partner.Id, mapped.Record.RecordId, cancellationToken).ConfigureAwait(false);

            var answer = new PartnerEventsAnswer(deliveryId, false, records.Count,
                quarantined.Select(q => new QuarantinedItem(q.Outcome.RecordId, q.Outcome.Reason)).ToList());
            await deliveries.RecordAsync(DeliveryScope, key, Serialize(answer), cancellationToken).ConfigureAwait(false);
            LogAccepted(partner.Id, deliveryId, records.Count, quarantined.Count);
            return new PartnerEventsOutcome.Accepted(answer);
        }
    }

    /// <summary>The items of a push: <c>{"items": [...]}</c>, or the body itself when it is one item. Null when it is neither.</summary>
    private static IReadOnlyList<JsonElement>? ReadItems(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return null;
        if (!root.TryGetProperty("items", out var items)) return [root];
        return items.ValueKind == JsonValueKind.Array ? [.. items.EnumerateArray()] : null;
    }

    private static PartnerEventsOutcome.Invalid Invalid(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });

    internal static string Serialize(PartnerEventsAnswer answer) => HubJson.Serialize(answer, PartnerFeedsJsonContext.Default.PartnerEventsAnswer);

    private static PartnerEventsAnswer Deserialize(string json) =>
        JsonSerializer.Deserialize(json, PartnerFeedsJsonContext.Default.PartnerEventsAnswer)
        ?? throw new JsonException("A recorded partner-events answer is null.");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted partner events {DeliveryId} from {PartnerId}: {Accepted} record(s), {Quarantined} quarantined")]
    private partial void LogAccepted(string partnerId, string deliveryId, int accepted, int quarantined);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Duplicate partner events {DeliveryId} from {PartnerId}; answered with the first answer")]
    private partial void LogDuplicate(string partnerId, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected partner events from {PartnerId}: {Reason}")]
    private partial void LogSignatureRejected(string partnerId, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bus unavailable for partner events {DeliveryId} from {PartnerId}")]
    private partial void LogBusUnavailable(Exception e, string partnerId, string deliveryId);
}
