using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.ReadStore.Stock;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// Projects the <c>stock</c> topic into the read store. No sessions (the topic has none): each stock level keeps the newest
/// as-of whatever order its events come in. An exception leaves the message to Service Bus, which redelivers it and
/// dead-letters it after 10 attempts.
/// </summary>
public sealed class ProjectStock(StockLevelProjection projection)
{
    [Function(nameof(ProjectStock))]
    public Task RunAsync(
        [ServiceBusTrigger(Topics.Stock, Subscriptions.ReadStore, Connection = "ServiceBus")] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        ServiceBusDeliveries.HandleAsync(message, Topics.Stock, Subscriptions.ReadStore, projection.HandleAsync, cancellationToken);
}
