using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.PartnerFeeds.Outbound;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.PartnerFeeds;

/// <summary>
/// The partner-push consumer (<see cref="Consumers.PushOrderToPartner"/>): pushes a cross-border order to the partner serving
/// its destination, one order's versions in order (sessions). A partner's refusal dead-letters the message at once through
/// <paramref name="actions"/> with the partner's answer; any other failure leaves it to Service Bus's retries.
/// </summary>
public sealed class PushOrderToPartner(OrderPushHandler handler)
{
    [Function(nameof(PushOrderToPartner))]
    public Task RunAsync(
        [ServiceBusTrigger(Topics.Orders, Subscriptions.PartnerPush, Connection = "ServiceBus", IsSessionsEnabled = true)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        ServiceBusDeliveries.HandleAsync(message, Topics.Orders, Subscriptions.PartnerPush, handler.HandleAsync,
            (reason, description, ct) => actions.DeadLetterMessageAsync(message, deadLetterReason: reason, deadLetterErrorDescription: description, cancellationToken: ct),
            cancellationToken);
}
