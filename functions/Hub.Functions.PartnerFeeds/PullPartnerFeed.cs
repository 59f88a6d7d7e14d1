using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.PartnerFeeds.Sync;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.PartnerFeeds;

/// <summary>
/// The puller (<see cref="Consumers.PullPartnerFeed"/>): pulls the feed a <c>pull.requested</c> event names, with the handler
/// Standalone uses. A pull stops within its time budget and asks for its own continuation; a failed pull throws, and Service
/// Bus delivers the request again, then dead-letters it with the partner's error.
/// </summary>
public sealed class PullPartnerFeed(PullPartnerFeedHandler handler)
{
    [Function(nameof(PullPartnerFeed))]
    public Task RunAsync(
        [ServiceBusTrigger(Topics.PartnerFeeds, Subscriptions.Puller, Connection = "ServiceBus")] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        ServiceBusDeliveries.HandleAsync(message, Topics.PartnerFeeds, Subscriptions.Puller, handler.HandleAsync, cancellationToken);
}
