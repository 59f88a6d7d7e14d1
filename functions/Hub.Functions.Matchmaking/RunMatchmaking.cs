using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.Matchmaking.Runs;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Matchmaking;

/// <summary>
/// The engine consumer (<see cref="Consumers.RunMatchmaking"/>): runs the matchmaking run a <c>run.requested</c> event names,
/// with the handler Standalone uses. A run may take a minute or more; the host renews the message's lock up to host.json's
/// <c>maxAutoLockRenewalDuration</c>. An exception leaves the message to Service Bus, which redelivers it.
/// </summary>
public sealed class RunMatchmaking(MatchmakingRunHandler handler)
{
    [Function(nameof(RunMatchmaking))]
    public Task RunAsync(
        [ServiceBusTrigger(Topics.Matchmaking, Subscriptions.Engine, Connection = "ServiceBus")] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        ServiceBusDeliveries.HandleAsync(message, Topics.Matchmaking, Subscriptions.Engine, handler.HandleAsync, cancellationToken);
}
