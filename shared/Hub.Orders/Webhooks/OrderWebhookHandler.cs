using System.Collections.Concurrent;
using Hub.Contracts;
using Hub.Core.Events;
using Hub.Core.Idempotency;
using Hub.Core.Registry;
using Hub.Core.Webhooks;
using Hub.Orders.Webhooks.Signatures;
using Microsoft.Extensions.Logging;

namespace Hub.Orders.Webhooks;

/// <summary>
/// Accepts a platform's order webhook: verify, dedupe, normalise, publish durably with the record of the delivery.
/// Concurrent deliveries of one webhook inside this process wait for the first; exactly one publishes.
/// </summary>
public sealed partial class OrderWebhookHandler(
    HubRegistry registry, IPublishWithRecord publisher, IIdempotencyStore deliveries, TimeProvider time, ILogger<OrderWebhookHandler> logger)
{
    public const string DeliveryScope = "order-webhook";

    private readonly ConcurrentDictionary<string, Task<WebhookOutcome>> _inFlight = new(StringComparer.Ordinal);

    public async Task<WebhookOutcome> HandleAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var platform = registry.FindPlatform(delivery.PlatformId);
        if (platform is null) return new WebhookOutcome.UnknownPlatform(delivery.PlatformId);

        var now = time.GetUtcNow();
        var check = WebhookSignatures.Verify(platform.Signature, delivery.Headers, delivery.Body.Span, now);
        if (!check.IsValid)
        {
            LogSignatureRejected(delivery.PlatformId, check.Failure);
            return new WebhookOutcome.SignatureRejected(check.Failure ?? "The signature does not verify.");
        }

        var ingestionId = OrderWebhookNormaliser.IngestionIdFor(platform.Id, check.DeliveryId!);
        var mine = new TaskCompletionSource<WebhookOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _inFlight.GetOrAdd(ingestionId, mine.Task);
        if (first != mine.Task)
        {
            WebhookOutcome? earlier = null;
            try
            {
                earlier = await first.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The first attempt threw (its caller hung up, the store failed): that is the first's failure, not this one's.
            }
            if (earlier is WebhookOutcome.Accepted or WebhookOutcome.Duplicate) return Duplicate(ingestionId);
            // The first attempt failed (invalid, bus down, threw): this delivery gets its own chance.
            return await HandleAsync(delivery, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // Looked up only once this delivery owns the id, so that a first delivery finishing meanwhile cannot be missed:
            // it records the id before it lets go of it.
            var outcome = await deliveries.FindAsync(DeliveryScope, ingestionId, cancellationToken).ConfigureAwait(false) is not null
                ? Duplicate(ingestionId)
                : await AcceptAsync(platform, delivery, ingestionId, now, cancellationToken).ConfigureAwait(false);
            mine.SetResult(outcome);
            return outcome;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            throw;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<WebhookOutcome>>(ingestionId, mine.Task));
        }
    }

    private async Task<WebhookOutcome> AcceptAsync(PlatformRegistration platform, WebhookDelivery delivery, string ingestionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (cloudEvent, fault) = OrderWebhookNormaliser.Normalise(platform, delivery.Body, ingestionId, now);
        if (fault is not null)
        {
            LogInvalid(platform.Id, ingestionId, fault.Errors.Count);
            return fault;
        }

        try
        {
            // The delivery is recorded with the event (in one transaction where the host can): a redelivery after a crash
            // must find it, or it would be answered as new.
            await publisher.PublishAsync(Topics.Orders, [cloudEvent!], DeliveryScope, ingestionId, ingestionId, cancellationToken).ConfigureAwait(false);
        }
        catch (EventBusUnavailableException e)
        {
            LogBusUnavailable(e, platform.Id, ingestionId);
            return new WebhookOutcome.BusUnavailable("The order could not be queued; nothing was recorded. Retry later.");
        }
        LogAccepted(ingestionId, cloudEvent!.Type!, cloudEvent.Subject!);
        return new WebhookOutcome.Accepted(ingestionId);
    }

    private WebhookOutcome.Duplicate Duplicate(string ingestionId)
    {
        LogDuplicate(ingestionId);
        return new WebhookOutcome.Duplicate(ingestionId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted order webhook {CloudEventId} ({EventType}) for {Subject}")]
    private partial void LogAccepted(string cloudEventId, string eventType, string subject);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Duplicate order webhook {CloudEventId}; answered with the first ingestion")]
    private partial void LogDuplicate(string cloudEventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected order webhook for platform {PlatformId}: {Reason}")]
    private partial void LogSignatureRejected(string platformId, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invalid order webhook {CloudEventId} from {PlatformId}: {ErrorCount} field error(s)")]
    private partial void LogInvalid(string platformId, string cloudEventId, int errorCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bus unavailable for order webhook {CloudEventId} from {PlatformId}")]
    private partial void LogBusUnavailable(Exception e, string platformId, string cloudEventId);
}
