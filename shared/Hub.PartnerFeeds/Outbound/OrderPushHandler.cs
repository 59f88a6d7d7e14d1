using System.Net;
using System.Text.Json;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.PartnerFeeds.Client;
using Hub.PartnerFeeds.Http;
using Microsoft.Extensions.Logging;

using Hub.PartnerFeeds.Partners;

namespace Hub.PartnerFeeds.Outbound;

/// <summary>
/// The <c>orders/partner-push</c> consumer (<see cref="Consumers.PushOrderToPartner"/>): sends a cross-border order
/// (9610/9710/9810) to the partner serving the buyer's country, <c>POST {baseUrl}/orders</c> with an <c>Idempotency-Key</c>
/// derived from (platform, order, version), and keeps the outcome in <see cref="ReadStoreContainers.PartnerPushes"/>.
/// A partner's refusal (a 4xx other than 408 and 429) throws <see cref="UndeliverableEventException"/>: the bus dead-letters
/// the event at once with the partner's answer. Anything else that fails throws for the bus to retry.
/// </summary>
public sealed partial class OrderPushHandler(
    HubRegistry registry, PartnerClients clients, IReadStore store, TimeProvider time, ILogger<OrderPushHandler> logger)
{
    public const string Container = ReadStoreContainers.PartnerPushes;

    /// <summary>How much of a partner's answer is kept in the status and the dead letter.</summary>
    public const int MaxAnswerLength = 500;

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        if (cloudEvent.Type is null || !OrderEventTypes.All.Contains(cloudEvent.Type)) return;
        var data = HubCloudEvents.GetData<OrderEventData>(cloudEvent);
        if (!CustomsModes.IsCrossBorderEcommerce(data.CustomsMode)) return;
        var order = data.Order;
        if (PartnerFor(order.Buyer.Country) is not { } partner) return;

        var existing = await ReadAsync(order.PlatformId, order.OrderId, cancellationToken).ConfigureAwait(false);
        // Sessions keep one order's events in order; a replayed dead letter can still bring back an older version.
        if (existing is not null && (order.Version < existing.OrderVersion
            || (order.Version == existing.OrderVersion && existing.Status == OrderPartnerPushStatuses.Pushed)))
        {
            LogSkipped(order.PlatformId, order.OrderId, order.Version, existing.OrderVersion, existing.Status);
            return;
        }

        var key = PartnerOrder.IdempotencyKeyFor(order.PlatformId, order.OrderId, order.Version);
        var attempts = existing?.OrderVersion == order.Version ? existing.Attempts + 1 : 1;
        var body = JsonSerializer.SerializeToElement(
            new PartnerOrder(order.PlatformId, order.OrderId, order.Version, data.CustomsMode, order), PartnerFeedsJsonContext.Default.PartnerOrder);
        var status = new OrderPartnerPush(order.PlatformId, order.OrderId, partner.Id, order.Version, key, OrderPartnerPushStatuses.Retrying,
            attempts, null, null, existing?.PushedAt, time.GetUtcNow());

        HttpStatusCode code;
        string answer;
        try
        {
            var api = clients.For(PartnerDirectory.ConnectionOf(partner));
            using var response = await api.PushOrderAsync(key, body, cancellationToken).ConfigureAwait(false);
            code = response.StatusCode;
            answer = await ReadAnswerAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = $"Partner '{partner.Id}' could not be reached for order '{order.PlatformId}/{order.OrderId}' version {order.Version}: {Describe(e)}";
            if (PartnerRefusals.IsRefusal(e))
            {
                // The network guard refuses the partner's address the same way every time: a registry fix, then a replay.
                await WriteAsync(status with { Status = OrderPartnerPushStatuses.Failed, LastError = reason }, cancellationToken).ConfigureAwait(false);
                throw new UndeliverableEventException(reason, e);
            }
            await WriteAsync(status with { LastError = reason }, cancellationToken).ConfigureAwait(false);
            throw new PartnerPushFailedException(reason, e);
        }

        var numeric = (int)code;
        if (numeric is >= 200 and < 300)
        {
            var now = time.GetUtcNow();
            await WriteAsync(status with { Status = OrderPartnerPushStatuses.Pushed, PartnerStatusCode = numeric, PushedAt = now, UpdatedAt = now },
                cancellationToken).ConfigureAwait(false);
            LogPushed(order.PlatformId, order.OrderId, order.Version, partner.Id, numeric);
            return;
        }

        var message = $"Partner '{partner.Id}' answered {numeric} {code} to order '{order.PlatformId}/{order.OrderId}' version {order.Version}" +
            (answer.Length == 0 ? "" : $": {answer}");
        if (numeric is >= 400 and < 500 && code is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
        {
            await WriteAsync(status with { Status = OrderPartnerPushStatuses.Failed, PartnerStatusCode = numeric, LastError = message },
                cancellationToken).ConfigureAwait(false);
            throw new UndeliverableEventException(message);
        }
        await WriteAsync(status with { PartnerStatusCode = numeric, LastError = message }, cancellationToken).ConfigureAwait(false);
        throw new PartnerPushFailedException(message);
    }

    private PartnerRegistration? PartnerFor(string country)
    {
        foreach (var partner in registry.Partners)
        {
            if (!partner.PushOrders) continue;
            foreach (var destination in partner.Destinations)
                if (string.Equals(destination, country, StringComparison.OrdinalIgnoreCase)) return partner;
        }
        return null;
    }

    private async Task<OrderPartnerPush?> ReadAsync(string platformId, string orderId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(Container, platformId, orderId, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : JsonSerializer.Deserialize(stored.Json, PartnerFeedsJsonContext.Default.OrderPartnerPush);
    }

    private Task WriteAsync(OrderPartnerPush push, CancellationToken cancellationToken) =>
        store.UpsertAsync(Container, push.PlatformId, push.OrderId, HubJson.Serialize(push, PartnerFeedsJsonContext.Default.OrderPartnerPush),
            WriteCondition.Always, cancellationToken);

    /// <summary>The start of the partner's answer, on one line: enough to say why, bounded whatever the partner sends.</summary>
    private static async Task<string> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new char[MaxAnswerLength + 1];
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        var text = new string(buffer, 0, Math.Min(read, MaxAnswerLength)).ReplaceLineEndings(" ").Trim();
        return read > MaxAnswerLength ? text + "…" : text;
    }

    private static string Describe(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost == e ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message} ({innermost.GetType().Name}: {innermost.Message})";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pushed order {PlatformId}/{OrderId} version {Version} to partner {PartnerId} ({StatusCode})")]
    private partial void LogPushed(string platformId, string orderId, long version, string partnerId, int statusCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {PlatformId}/{OrderId} version {Version} not pushed: version {PushedVersion} is {Status}")]
    private partial void LogSkipped(string platformId, string orderId, long version, long pushedVersion, string status);
}

/// <summary>A push that failed in a way worth retrying (no answer, 5xx, 408, 429): the bus retries, then dead-letters with this message.</summary>
public sealed class PartnerPushFailedException(string message, Exception? inner = null) : Exception(message, inner);
