using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.PartnerFeeds.ReadSide;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// Projects <c>partner.record</c> events of the <c>partner-feeds</c> topic into the read store. No sessions: each record keeps
/// its latest <c>occurredAt</c> whatever order its events come in. An exception leaves the message to Service Bus, which
/// redelivers it and dead-letters it after 10 attempts.
/// </summary>
public sealed class ProjectPartnerRecord(PartnerRecordProjection projection)
{
    [Function(nameof(ProjectPartnerRecord))]
    public Task RunAsync(
        [ServiceBusTrigger(Topics.PartnerFeeds, Subscriptions.ReadStore, Connection = "ServiceBus")] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        ServiceBusDeliveries.HandleAsync(message, Topics.PartnerFeeds, Subscriptions.ReadStore, projection.HandleAsync, cancellationToken);
}
