using Azure.Messaging.ServiceBus;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Settles the message a Service Bus trigger was handed; declared here because the official worker extension package is not
/// on our NuGet mirror. Same namespace, name, mocking constructor and signature of the members the hub uses
/// (<see cref="DeadLetterMessageAsync"/>) as the class in <c>Microsoft.Azure.Functions.Worker.Extensions.ServiceBus</c>, so
/// function code that binds it compiles unchanged against either.
/// </summary>
/// <remarks>
/// The official class settles through the host's gRPC settlement service, which only a host running the Service Bus
/// extension offers; the stand-in has no host to settle with, so its members throw. A build for Azure uses the official
/// package (-p:HubOfficialServiceBusExtension=true, docs/functions.md); tests derive from this class, as the official
/// class's protected constructor invites.
/// </remarks>
public class ServiceBusMessageActions
{
    /// <summary>For tests that derive a recording instance, as with the official class.</summary>
    protected ServiceBusMessageActions()
    {
    }

    /// <summary>Moves <paramref name="message"/> to its entity's dead-letter sub-queue with a reason and a description.</summary>
    public virtual Task DeadLetterMessageAsync(
        ServiceBusReceivedMessage message,
        Dictionary<string, object>? propertiesToModify = default,
        string? deadLetterReason = default,
        string? deadLetterErrorDescription = default,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(
            "The stand-in Service Bus binding cannot settle messages; build with -p:HubOfficialServiceBusExtension=true for Azure.");
}
