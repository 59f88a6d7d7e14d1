using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using CloudNative.CloudEvents;
using Hub.Core.Events;
using Hub.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Azure.Messaging;

/// <summary>
/// <see cref="IEventBus"/> over Service Bus topics. A message is completed after its handler returns and abandoned
/// when it throws; the subscription's max delivery count (10) then moves it to the dead-letter queue.
/// The client belongs to the caller (it is shared with <see cref="ServiceBusDeadLetters"/>); senders belong to the bus.
/// </summary>
public sealed partial class ServiceBusEventBus(ServiceBusClient client, ILogger<ServiceBusEventBus>? logger = null, int maxConcurrency = 8)
    : IEventBus, IAsyncDisposable
{
    private const int MaxErrorLength = 1000;

    private readonly ConcurrentDictionary<string, Lazy<ServiceBusSender>> _senders = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger<ServiceBusEventBus>.Instance;

    public async Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;

        // Before mapping: the trace context goes into each body and its Diagnostic-Id.
        using var activity = HubTelemetry.StartPublish(ServiceBusMessageMapper.MessagingSystem, topic, events);
        var messages = events.Select(e => ServiceBusMessageMapper.ToMessage(e, topic)).ToList();
        var sender = _senders.GetOrAdd(topic, name => new Lazy<ServiceBusSender>(() => client.CreateSender(name))).Value;
        var batches = new List<ServiceBusMessageBatch>();
        try
        {
            // Every batch is filled before any is sent, so an event too large for a message fails the call with nothing sent.
            var batch = await sender.CreateMessageBatchAsync(cancellationToken);
            batches.Add(batch);
            foreach (var message in messages)
            {
                if (batch.TryAddMessage(message)) continue;
                if (batch.Count == 0)
                    throw new ArgumentException(
                        $"Event {message.MessageId} is larger than a Service Bus message may be ({batch.MaxSizeInBytes} bytes).", nameof(events));
                batch = await sender.CreateMessageBatchAsync(cancellationToken);
                batches.Add(batch);
                if (!batch.TryAddMessage(message))
                    throw new ArgumentException(
                        $"Event {message.MessageId} is larger than a Service Bus message may be ({batch.MaxSizeInBytes} bytes).", nameof(events));
            }
            // With several batches an earlier one may be sent when a later one fails; the caller retries the whole call and
            // duplicate detection (MessageId = event id) drops what already arrived.
            foreach (var full in batches)
                await sender.SendMessagesAsync(full, cancellationToken);
        }
        catch (ServiceBusException e) when (e.Reason != ServiceBusFailureReason.MessageSizeExceeded)
        {
            HubTelemetry.Fail(activity, e);
            throw new EventBusUnavailableException($"Service Bus did not take the events for topic '{topic}': {e.Reason}.", e);
        }
        catch (TimeoutException e)
        {
            HubTelemetry.Fail(activity, e);
            throw new EventBusUnavailableException($"Service Bus timed out taking the events for topic '{topic}'.", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            HubTelemetry.Fail(activity, e);
            throw new EventBusUnavailableException($"Service Bus timed out taking the events for topic '{topic}'.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            HubTelemetry.Fail(activity, e);
            throw new EventBusUnavailableException($"This identity may not send to topic '{topic}'.", e);
        }
        finally
        {
            foreach (var batch in batches) batch.Dispose();
        }
    }

    /// <summary>
    /// A scheduled message (ScheduledEnqueueTime): Service Bus holds it until <paramref name="notBefore"/>. Its MessageId is the
    /// event id, so the topic's duplicate detection drops the same event scheduled again within its window.
    /// </summary>
    public async Task PublishLaterAsync(string topic, CloudEvent cloudEvent, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var message = ServiceBusMessageMapper.ToMessage(cloudEvent, topic);
        var sender = _senders.GetOrAdd(topic, name => new Lazy<ServiceBusSender>(() => client.CreateSender(name))).Value;
        try
        {
            await sender.ScheduleMessageAsync(message, notBefore, cancellationToken);
        }
        catch (ServiceBusException e) when (e.Reason != ServiceBusFailureReason.MessageSizeExceeded)
        {
            throw new EventBusUnavailableException($"Service Bus did not take the scheduled event for topic '{topic}': {e.Reason}.", e);
        }
        catch (TimeoutException e)
        {
            throw new EventBusUnavailableException($"Service Bus timed out taking the scheduled event for topic '{topic}'.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new EventBusUnavailableException($"This identity may not send to topic '{topic}'.", e);
        }
    }

    public IAsyncDisposable Subscribe(string topic, string subscription, EventHandlerDelegate handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentException.ThrowIfNullOrEmpty(subscription);
        ArgumentNullException.ThrowIfNull(handler);
        handler = HubTelemetry.Traced(ServiceBusMessageMapper.MessagingSystem, topic, subscription, handler);

        if (ServiceBusMessageMapper.IsSessionful(topic))
        {
            var processor = client.CreateSessionProcessor(topic, subscription, new ServiceBusSessionProcessorOptions
            {
                AutoCompleteMessages = false,
                MaxConcurrentSessions = maxConcurrency,
                MaxConcurrentCallsPerSession = 1,
            });
            processor.ProcessMessageAsync += args => HandleAsync(topic, subscription, handler, args.Message,
                ct => args.CompleteMessageAsync(args.Message, ct),
                (properties, ct) => args.AbandonMessageAsync(args.Message, properties, ct),
                (reason, description, ct) => args.DeadLetterMessageAsync(args.Message, reason, description, ct),
                args.CancellationToken);
            processor.ProcessErrorAsync += args => OnErrorAsync(topic, subscription, args);
            return new Subscription(processor.StartProcessingAsync(), processor.StopProcessingAsync, processor.DisposeAsync);
        }
        else
        {
            var processor = client.CreateProcessor(topic, subscription, new ServiceBusProcessorOptions
            {
                AutoCompleteMessages = false,
                MaxConcurrentCalls = maxConcurrency,
            });
            processor.ProcessMessageAsync += args => HandleAsync(topic, subscription, handler, args.Message,
                ct => args.CompleteMessageAsync(args.Message, ct),
                (properties, ct) => args.AbandonMessageAsync(args.Message, properties, ct),
                (reason, description, ct) => args.DeadLetterMessageAsync(args.Message, reason, description, ct),
                args.CancellationToken);
            processor.ProcessErrorAsync += args => OnErrorAsync(topic, subscription, args);
            return new Subscription(processor.StartProcessingAsync(), processor.StopProcessingAsync, processor.DisposeAsync);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values.Where(s => s.IsValueCreated))
            await sender.Value.DisposeAsync();
        _senders.Clear();
    }

    private async Task HandleAsync(
        string topic,
        string subscription,
        EventHandlerDelegate handler,
        ServiceBusReceivedMessage message,
        Func<CancellationToken, Task> complete,
        Func<IDictionary<string, object>, CancellationToken, Task> abandon,
        Func<string, string, CancellationToken, Task> deadLetter,
        CancellationToken cancellationToken)
    {
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = ServiceBusMessageMapper.FromReceived(message);
        }
        catch (FormatException e)
        {
            // No retry can make this readable; park it for an operator at once.
            LogUndecodable(topic, subscription, message.MessageId, e);
            await deadLetter("UndecodableCloudEvent", Truncate(e.Message), cancellationToken);
            return;
        }

        try
        {
            await handler(cloudEvent, cancellationToken);
        }
        catch (UndeliverableEventException e)
        {
            // A retry would meet the same refusal: dead-letter now with the handler's reason, for an operator to replay.
            LogHandlerFailed(topic, subscription, cloudEvent.Id, message.DeliveryCount, e);
            await deadLetter(UndeliverableEventException.DeadLetterReason, Truncate(e.Message), CancellationToken.None);
            return;
        }
        catch (Exception e)
        {
            LogHandlerFailed(topic, subscription, cloudEvent.Id, message.DeliveryCount, e);
            var properties = new Dictionary<string, object> { [ServiceBusMessageMapper.LastErrorProperty] = Truncate($"{e.GetType().Name}: {e.Message}") };
            await abandon(properties, CancellationToken.None);
            return;
        }
        await complete(cancellationToken);
    }

    private Task OnErrorAsync(string topic, string subscription, ProcessErrorEventArgs args)
    {
        LogProcessorError(topic, subscription, args.ErrorSource.ToString(), args.Exception);
        return Task.CompletedTask;
    }

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} on {Topic}/{Subscription} is not a CloudEvent; dead-lettered.")]
    private partial void LogUndecodable(string topic, string subscription, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler for {Topic}/{Subscription} failed on event {EventId} (delivery {DeliveryCount}); abandoned for retry.")]
    private partial void LogHandlerFailed(string topic, string subscription, string? eventId, int deliveryCount, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Service Bus processor for {Topic}/{Subscription} reported an error ({ErrorSource}).")]
    private partial void LogProcessorError(string topic, string subscription, string errorSource, Exception exception);

    private sealed class Subscription(Task started, Func<CancellationToken, Task> stop, Func<ValueTask> dispose) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            try
            {
                await started;
                await stop(CancellationToken.None);
            }
            finally
            {
                await dispose();
            }
        }
    }
}
