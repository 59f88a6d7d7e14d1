using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.StockReports.Running;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.StockReports;

/// <summary>
/// The runner consumer (<see cref="Consumers.RunStockReport"/>): runs the report a <c>run.requested</c> event names, with the
/// handler Standalone uses. The run may take long; the host renews the message's lock up to host.json's
/// <c>maxAutoLockRenewalDuration</c>. An exception leaves the message to Service Bus, which redelivers it.
/// </summary>
public sealed class RunStockReport(StockReportRunHandler handler)
{
    [Function(nameof(RunStockReport))]
    public Task RunAsync(
        [ServiceBusTrigger(Topics.Stock, Subscriptions.Runner, Connection = "ServiceBus")] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        ServiceBusDeliveries.HandleAsync(message, Topics.Stock, Subscriptions.Runner, handler.HandleAsync, cancellationToken);
}
