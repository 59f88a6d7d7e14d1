using CloudNative.CloudEvents;
using Hub.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Core.Events;

/// <summary>
/// The handler of one row of <see cref="Consumers"/> in this process. Standalone subscribes every row of the table to
/// the embedded bus with its registration (and refuses to start when a row has none); a Functions app's trigger function
/// calls the same handler instead.
/// </summary>
public sealed record EventHandlerRegistration(Consumer Consumer, Func<IServiceProvider, EventHandlerDelegate> Resolve)
{
    public string Topic => Consumer.Topic;
    public string Subscription => Consumer.Subscription;
}

public static class EventHandlerRegistrationExtensions
{
    /// <summary>Registers the handler of <paramref name="consumer"/>, a row of <see cref="Consumers"/>.</summary>
    public static IServiceCollection AddEventHandler<THandler>(this IServiceCollection services, Consumer consumer,
        Func<THandler, CloudEvent, CancellationToken, Task> handle) where THandler : notnull
    {
        services.AddSingleton(new EventHandlerRegistration(consumer, sp =>
        {
            var handler = sp.GetRequiredService<THandler>();
            return (e, ct) => handle(handler, e, ct);
        }));
        return services;
    }
}
