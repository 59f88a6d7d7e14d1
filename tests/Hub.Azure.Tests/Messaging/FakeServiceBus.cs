using Azure.Messaging.ServiceBus;

namespace Hub.Azure.Tests.Messaging;

/// <summary>
/// Hand-written stand-ins for the Service Bus SDK, built on the protected constructors and virtual members it keeps for
/// mocking. They record what the adapter asks of them.
/// </summary>
internal sealed class FakeServiceBusClient : ServiceBusClient
{
    // The processors' mocking constructors want a client with a connection; one built from a connection string never
    // opens it unless something is sent or received, and nothing here is.
    private readonly ServiceBusClient _offline = new("Endpoint=sb://offline.servicebus.windows.net/;SharedAccessKeyName=test;SharedAccessKey=dGVzdA==");

    public Dictionary<string, FakeSender> Senders { get; } = [];

    public List<(string Topic, string Subscription, ServiceBusProcessorOptions Options, FakeProcessor Processor)> Processors { get; } = [];

    public List<(string Topic, string Subscription, ServiceBusSessionProcessorOptions Options, FakeSessionProcessor Processor)> SessionProcessors { get; } = [];

    public Func<FakeSender> NewSender { get; set; } = () => new FakeSender();

    public override ServiceBusSender CreateSender(string queueOrTopicName)
    {
        var sender = NewSender();
        Senders.Add(queueOrTopicName, sender);
        return sender;
    }

    public override ServiceBusProcessor CreateProcessor(string topicName, string subscriptionName, ServiceBusProcessorOptions options)
    {
        var processor = new FakeProcessor(_offline, topicName, subscriptionName, options);
        Processors.Add((topicName, subscriptionName, options, processor));
        return processor;
    }

    public override ServiceBusSessionProcessor CreateSessionProcessor(string topicName, string subscriptionName, ServiceBusSessionProcessorOptions options)
    {
        var processor = new FakeSessionProcessor(_offline, topicName, subscriptionName, options);
        SessionProcessors.Add((topicName, subscriptionName, options, processor));
        return processor;
    }

    public override ValueTask DisposeAsync() => _offline.DisposeAsync();
}

internal sealed class FakeSender : ServiceBusSender
{
    /// <summary>How many messages one batch takes before it reports itself full.</summary>
    public int MessagesPerBatch { get; set; } = int.MaxValue;

    public long MaxBatchBytes { get; set; } = 256 * 1024;

    /// <summary>Thrown by every send, when set.</summary>
    public Exception? SendFailure { get; set; }

    public List<List<ServiceBusMessage>> SentBatches { get; } = [];

    public int BatchesCreated { get; private set; }

    public bool Disposed { get; private set; }

    private readonly Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> _contents = [];

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default) =>
        CreateMessageBatchAsync(new CreateMessageBatchOptions(), cancellationToken);

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CreateMessageBatchOptions options, CancellationToken cancellationToken = default)
    {
        BatchesCreated++;
        var store = new List<ServiceBusMessage>();
        var batch = ServiceBusModelFactory.ServiceBusMessageBatch(MaxBatchBytes, store, options,
            message => store.Count < MessagesPerBatch && message.Body.ToMemory().Length <= MaxBatchBytes);
        _contents[batch] = store;
        return ValueTask.FromResult(batch);
    }

    public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        if (SendFailure is not null) return Task.FromException(SendFailure);
        SentBatches.Add([.. _contents[messageBatch]]);
        return Task.CompletedTask;
    }

    /// <summary>Messages scheduled for later, with their time.</summary>
    public List<(ServiceBusMessage Message, DateTimeOffset EnqueueAt)> Scheduled { get; } = [];

    public override async Task<long> ScheduleMessageAsync(ServiceBusMessage message, DateTimeOffset scheduledEnqueueTime, CancellationToken cancellationToken = default) =>
        (await ScheduleMessagesAsync([message], scheduledEnqueueTime, cancellationToken)).Single();

    public override Task<IReadOnlyList<long>> ScheduleMessagesAsync(IEnumerable<ServiceBusMessage> messages, DateTimeOffset scheduledEnqueueTime, CancellationToken cancellationToken = default)
    {
        if (SendFailure is not null) return Task.FromException<IReadOnlyList<long>>(SendFailure);
        var sequence = new List<long>();
        foreach (var message in messages)
        {
            Scheduled.Add((message, scheduledEnqueueTime));
            sequence.Add(Scheduled.Count);
        }
        return Task.FromResult<IReadOnlyList<long>>(sequence);
    }

    public override ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

/// <summary>Records how the adapter settles a message.</summary>
internal sealed class FakeReceiver : ServiceBusReceiver
{
    public List<string> Settlements { get; } = [];

    public IDictionary<string, object>? AbandonedWith { get; private set; }

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Settlements.Add("complete");
        return Task.CompletedTask;
    }

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null,
        CancellationToken cancellationToken = default)
    {
        Settlements.Add("abandon");
        AbandonedWith = propertiesToModify;
        return Task.CompletedTask;
    }

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null,
        CancellationToken cancellationToken = default)
    {
        Settlements.Add($"dead-letter:{deadLetterReason}");
        return Task.CompletedTask;
    }

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify,
        string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
    {
        Settlements.Add($"dead-letter:{deadLetterReason}");
        return Task.CompletedTask;
    }
}

internal sealed class FakeSessionReceiver : ServiceBusSessionReceiver
{
    public List<string> Settlements { get; } = [];

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Settlements.Add("complete");
        return Task.CompletedTask;
    }

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null,
        CancellationToken cancellationToken = default)
    {
        Settlements.Add("abandon");
        return Task.CompletedTask;
    }
}

internal sealed class FakeProcessor(ServiceBusClient client, string topic, string subscription, ServiceBusProcessorOptions options)
    : ServiceBusProcessor(client, topic, subscription, options)
{
    public bool Started { get; private set; }

    public bool Stopped { get; private set; }

    public override Task StartProcessingAsync(CancellationToken cancellationToken = default)
    {
        Started = true;
        return Task.CompletedTask;
    }

    public override Task StopProcessingAsync(CancellationToken cancellationToken = default)
    {
        Stopped = true;
        return Task.CompletedTask;
    }

    public Task DeliverAsync(ServiceBusReceivedMessage message, ServiceBusReceiver receiver) =>
        OnProcessMessageAsync(new ProcessMessageEventArgs(message, receiver, CancellationToken.None));
}

internal sealed class FakeSessionProcessor(ServiceBusClient client, string topic, string subscription, ServiceBusSessionProcessorOptions options)
    : ServiceBusSessionProcessor(client, topic, subscription, options)
{
    public bool Started { get; private set; }

    public override Task StartProcessingAsync(CancellationToken cancellationToken = default)
    {
        Started = true;
        return Task.CompletedTask;
    }

    public override Task StopProcessingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DeliverAsync(ServiceBusReceivedMessage message, ServiceBusSessionReceiver receiver) =>
        OnProcessSessionMessageAsync(new ProcessSessionMessageEventArgs(message, receiver, CancellationToken.None));
}
