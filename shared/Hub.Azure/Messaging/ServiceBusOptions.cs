using System.ComponentModel.DataAnnotations;

namespace Hub.Azure.Messaging;

/// <summary>Service Bus, reached with the app's identity. Section <c>ServiceBus</c> (<c>ServiceBus__fullyQualifiedNamespace</c>).</summary>
public sealed class ServiceBusOptions
{
    public const string SectionName = "ServiceBus";

    /// <summary>For example <c>hub-prod.servicebus.windows.net</c>.</summary>
    [Required] public string FullyQualifiedNamespace { get; set; } = "";

    /// <summary>Messages (or sessions, on ordered topics) handled at once per subscription.</summary>
    [Range(1, 256)] public int MaxConcurrency { get; set; } = 8;
}
