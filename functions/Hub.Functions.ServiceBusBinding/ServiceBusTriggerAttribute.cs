using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Service Bus trigger, declared here because the official worker extension package is not on our NuGet mirror.
/// Same namespace, name, constructors and properties as the one in
/// <c>Microsoft.Azure.Functions.Worker.Extensions.ServiceBus</c>, so function code compiles unchanged against either,
/// and both produce the same <c>serviceBusTrigger</c> binding in <c>functions.metadata</c>.
/// </summary>
/// <remarks>
/// The <see cref="DefaultValueAttribute"/>s are load-bearing, not decoration. The worker's metadata source generator
/// (Sdk.Generators, CardinalityParser.IsCardinalityValid) treats any binding attribute with an <c>IsBatched</c>
/// property as cardinality-aware and, when a usage does not set <c>IsBatched</c>, reads that property's
/// <c>[Extensions.Abstractions.DefaultValue]</c> without a null check: without it the generator throws
/// NullReferenceException (CS8785) and emits no GeneratedFunctionMetadataProvider at all. The MSBuild
/// <c>functions.metadata</c> task reads the same defaults (cardinality, autoCompleteMessages).
/// No <c>[assembly: ExtensionInformation]</c> on purpose: it would make every build restore the WebJobs Service Bus
/// extension, which the mirror cannot serve. A publish for Azure swaps in the official package instead (docs/functions.md).
/// </remarks>
public sealed class ServiceBusTriggerAttribute : TriggerBindingAttribute, ISupportCardinality
{
    /// <param name="queueName">The queue to listen on.</param>
    public ServiceBusTriggerAttribute(string queueName) => QueueName = queueName;

    /// <param name="topicName">The topic to listen on.</param>
    /// <param name="subscriptionName">The subscription of <paramref name="topicName"/> to receive from.</param>
    public ServiceBusTriggerAttribute(string topicName, string subscriptionName)
    {
        TopicName = topicName;
        SubscriptionName = subscriptionName;
    }

    /// <summary>The app setting (or setting prefix, for identity-based connections) that names the namespace.</summary>
    public string? Connection { get; set; }

    /// <summary>The queue; <see langword="null"/> for a topic subscription.</summary>
    public string? QueueName { get; }

    /// <summary>The topic; <see langword="null"/> for a queue.</summary>
    public string? TopicName { get; }

    /// <summary>The subscription of <see cref="TopicName"/>; <see langword="null"/> for a queue.</summary>
    public string? SubscriptionName { get; }

    /// <summary>Whether the entity requires sessions; messages of one session are then delivered in order, one at a time.</summary>
    public bool IsSessionsEnabled { get; set; }

    /// <summary>Whether the function receives a batch of messages (cardinality "many").</summary>
    [DefaultValue(false)]
    public bool IsBatched { get; set; }

    /// <summary>Whether the host completes the message after the function returns without throwing.</summary>
    [DefaultValue(true)]
    public bool AutoCompleteMessages { get; set; } = true;

    Cardinality ISupportCardinality.Cardinality
    {
        get => IsBatched ? Cardinality.Many : Cardinality.One;
        set => IsBatched = value == Cardinality.Many;
    }
}
