using CloudNative.CloudEvents;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Core.Events;

/// <summary>
/// Declares that this process consumes a topic subscription with a handler. Standalone subscribes every
/// registration to the embedded bus; a Functions app binds the same handler to its Service Bus trigger instead.
/// </summary>
public sealed record EventHandlerRegistration(string Topic, string Subscription, Func<IServiceProvider, EventHandlerDelegate> Resolve);

public static class EventHandlerRegistrationExtensions
{
    public static IServiceCollection AddEventHandler<THandler>(this IServiceCollection services, string topic, string subscription,
        Func<THandler, CloudEvent, CancellationToken, Task> handle) where THandler : notnull
    {
        services.AddSingleton(new EventHandlerRegistration(topic, subscription, sp =>
        {
            var handler = sp.GetRequiredService<THandler>();
            return (e, ct) => handle(handler, e, ct);
        }));
        return services;
    }
}
