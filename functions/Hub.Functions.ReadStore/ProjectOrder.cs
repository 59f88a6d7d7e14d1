using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.ReadStore.Orders;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// Projects the <c>orders</c> topic into the read store. Sessions keep one order's events in publish order;
/// an exception leaves the message to Service Bus, which redelivers it and dead-letters it after 10 attempts.
/// </summary>
public sealed class ProjectOrder(OrderProjection projection)
{
    [Function(nameof(ProjectOrder))]
    public Task RunAsync(
        [ServiceBusTrigger(Topics.Orders, Subscriptions.ReadStore, Connection = "ServiceBus", IsSessionsEnabled = true)] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        ServiceBusDeliveries.HandleAsync(message, Topics.Orders, Subscriptions.ReadStore, projection.HandleAsync, cancellationToken);
}
