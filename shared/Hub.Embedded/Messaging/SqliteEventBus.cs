using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Core.Events;
using Hub.Core.Telemetry;
using Hub.Embedded.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Embedded.Messaging;

/// <summary>
/// Topics and subscriptions in SQLite, with Service Bus's semantics: a message is kept per subscription of its
/// topic; at-least-once delivery; per-session order; retries with back-off; dead-letter after
/// <see cref="EmbeddedBusOptions.MaxDeliveryAttempts"/> with the last error kept; replay from dead-letter; a subscription's
/// event-type filter (its row of <see cref="Hub.Contracts.Consumers"/>); delivery deferred to a "not before" time.
/// The database is the truth; deliveries are pushed to live subscribers from memory after each commit and
/// reloaded from the database when a subscriber starts.
/// </summary>
public sealed partial class SqliteEventBus : IEventBus, IDeadLetters
{
    private readonly SqliteDatabase _database;
    private readonly SqliteWriter _writer;
    private readonly EmbeddedBusOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteEventBus> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Topic, string Subscription), SubscriptionDispatcher> _live = [];
    private readonly BusSubscriptionTable _subscriptions;

    // Sequence numbers are assigned here, on the writer's thread only, rather than by AUTOINCREMENT (which writes a
    // counter row with every insert). They start above both what is stored and the clock (Unix ms x 1024), so they
    // keep growing across restarts even when every message has been completed and deleted.
    private long _lastSeq;

    /// <param name="consumers">The subscriptions that exist: <see cref="Hub.Contracts.Consumers.All"/> unless a test declares its own.</param>
    public SqliteEventBus(SqliteDatabase database, SqliteWriter writer, IOptions<EmbeddedBusOptions> options, TimeProvider time, ILogger<SqliteEventBus> logger,
        IReadOnlyList<Consumer>? consumers = null)
    {
        using (var connection = database.Open())
        using (var max = connection.CreateCommand())
        {
            max.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM bus_messages";
            _lastSeq = Math.Max((long)max.ExecuteScalar()!, time.GetUtcNow().ToUnixTimeMilliseconds() * 1024);
        }
        _database = database;
        _writer = writer;
        _options = options.Value;
        _time = time;
        _logger = logger;
        Consumers = consumers ?? Hub.Contracts.Consumers.All;
        _subscriptions = SyncSubscriptions(database, Consumers);
    }

    /// <summary>
    /// In a transaction of its own, before the bus takes any write: an IMMEDIATE one, so that a write of the one writer
    /// (the read store's, the idempotency records') waits for it rather than interleaving.
    /// </summary>
    private static BusSubscriptionTable SyncSubscriptions(SqliteDatabase database, IReadOnlyList<Consumer> consumers)
    {
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, "BEGIN IMMEDIATE");
        var commands = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        try
        {
            var table = BusSubscriptionTable.Sync(new WriteContext(connection, commands), consumers);
            SqliteDatabase.Execute(connection, "COMMIT");
            return table;
        }
        catch
        {
            SqliteDatabase.Execute(connection, "ROLLBACK");
            throw;
        }
        finally
        {
            foreach (var command in commands.Values) command.Dispose();
        }
    }

    /// <summary>The consumer rows whose subscriptions this bus keeps messages for.</summary>
    public IReadOnlyList<Consumer> Consumers { get; }

    public Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken = default) =>
        PublishAsync(topic, events, alongside: null, cancellationToken);

    /// <summary>Publishes, and runs <paramref name="alongside"/> in the same transaction: both are committed or neither.</summary>
    internal async Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, Action<WriteContext>? alongside, CancellationToken cancellationToken = default)
    {
        if (!Subscriptions.AllTopics.Contains(topic)) throw new ArgumentException($"Unknown topic '{topic}'.", nameof(topic));
        if (events.Count == 0) return;
        var subscriptions = _subscriptions.Of(topic);
        // Before encoding: the trace context travels inside the stored body.
        using var activity = HubTelemetry.StartPublish(MessagingSystem, topic, events);
        var sessioned = Topics.UsesSessions(topic);
        var rows = new PendingMessage[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            // An event no subscription takes is kept for nobody, as a Service Bus topic drops a message no rule matches.
            var mask = _subscriptions.MaskFor(topic, e.Type!);
            rows[i] = new PendingMessage(e.Id!, e.Type!, sessioned ? e.Subject : null, mask == 0 ? [] : HubCloudEvents.EncodeToArray(e), mask);
        }

        var publishedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            // Pushed to live subscribers on the writer's thread, in commit order: pushed from here instead, concurrent
            // publishers to one session could overtake each other, and a cancelled wait would skip the push.
            await _writer.WriteAsync(
                    ctx =>
                    {
                        var seqs = Insert(ctx, topic, subscriptions, rows, publishedAt);
                        alongside?.Invoke(ctx);
                        return seqs;
                    },
                    seqs => PushLive(topic, subscriptions, rows, events, seqs))
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or ObjectDisposedException or IOException)
        {
            HubTelemetry.Fail(activity, e);
            throw new EventBusUnavailableException($"The embedded bus could not store {events.Count} event(s) on '{topic}': {e.Message}", e);
        }
    }

    public async Task PublishLaterAsync(string topic, CloudEvent cloudEvent, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        if (!Subscriptions.AllTopics.Contains(topic)) throw new ArgumentException($"Unknown topic '{topic}'.", nameof(topic));
        var mask = _subscriptions.MaskFor(topic, cloudEvent.Type!);
        if (mask == 0) return;
        var subscriptions = _subscriptions.Of(topic);
        // Before encoding, as for a publish now: the trace context travels inside the stored body.
        using var activity = HubTelemetry.StartPublish(MessagingSystem, topic, [cloudEvent]);
        var rows = new[]
        {
            new PendingMessage(cloudEvent.Id!, cloudEvent.Type!, Topics.UsesSessions(topic) ? cloudEvent.Subject : null,
                HubCloudEvents.EncodeToArray(cloudEvent), mask, notBefore.ToUnixTimeMilliseconds()),
        };
        var publishedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            await _writer.WriteAsync(
                    ctx =>
                    {
                        // The id is the event's identity: while one of that id waits, a second is not added. A scan, but
                        // only for these rare publishes (retries, sweeps); the webhook path never comes here.
                        var waiting = ctx.Command("SELECT EXISTS (SELECT 1 FROM bus_messages WHERE topic = $t AND event_id = $i)", "$t", "$i");
                        waiting.Parameters["$t"].Value = topic;
                        waiting.Parameters["$i"].Value = cloudEvent.Id;
                        return (long)waiting.ExecuteScalar()! == 1 ? null : Insert(ctx, topic, subscriptions, rows, publishedAt);
                    },
                    seqs => { if (seqs is not null) PushLive(topic, subscriptions, rows, [cloudEvent], seqs); })
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or ObjectDisposedException or IOException)
        {
            HubTelemetry.Fail(activity, e);
            throw new EventBusUnavailableException($"The embedded bus could not store event {cloudEvent.Id} on '{topic}': {e.Message}", e);
        }
    }

    private void PushLive(string topic, IReadOnlyList<BusSubscriptionTable.Route> subscriptions, PendingMessage[] rows, IReadOnlyList<CloudEvent> events, long[] seqs)
    {
        foreach (var route in subscriptions)
        {
            SubscriptionDispatcher? dispatcher;
            lock (_gate) _live.TryGetValue((topic, route.Consumer.Subscription), out dispatcher);
            if (dispatcher is null) continue;
            for (var i = 0; i < rows.Length; i++)
            {
                if ((rows[i].Mask & route.Mask) == 0) continue;
                var buffered = dispatcher.TryBuffer(rows[i].Body.Length);
                dispatcher.Push(buffered
                    ? new Delivery(seqs[i], rows[i].Session, rows[i].Body, 0) { Live = events[i], BufferedBytes = rows[i].Body.Length, NotBefore = rows[i].NotBefore }
                    : new Delivery(seqs[i], rows[i].Session, null, 0) { NotBefore = rows[i].NotBefore }, published: true);
            }
        }
    }

    private long[] Insert(WriteContext ctx, string topic, IReadOnlyList<BusSubscriptionTable.Route> subscriptions, PendingMessage[] rows, long publishedAt)
    {
        var insertMessage = ctx.Command(
            "INSERT INTO bus_messages(seq, topic, event_id, event_type, session, body, published_at, pending, not_before) VALUES($seq, $t, $i, $y, $s, $b, $p, $pending, $nb)",
            "$seq", "$t", "$i", "$y", "$s", "$b", "$p", "$pending", "$nb");
        var seqs = new long[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (row.Mask == 0) continue;
            insertMessage.Parameters["$t"].Value = topic;
            insertMessage.Parameters["$i"].Value = row.EventId;
            insertMessage.Parameters["$y"].Value = row.EventType;
            insertMessage.Parameters["$s"].Value = (object?)row.Session ?? DBNull.Value;
            insertMessage.Parameters["$b"].Value = row.Body;
            insertMessage.Parameters["$p"].Value = publishedAt;
            insertMessage.Parameters["$pending"].Value = row.Mask;
            insertMessage.Parameters["$nb"].Value = (object?)row.NotBefore ?? DBNull.Value;
            insertMessage.Parameters["$seq"].Value = seqs[i] = ++_lastSeq;
            insertMessage.ExecuteNonQuery();
        }
        return seqs;
    }

    public IAsyncDisposable Subscribe(string topic, string subscription, EventHandlerDelegate handler)
    {
        var route = _subscriptions.Find(topic, subscription)
            ?? throw new ArgumentException($"Topic '{topic}' has no subscription '{subscription}': no consumer declares it.", nameof(subscription));
        var dispatcher = new SubscriptionDispatcher(this, route, handler);
        lock (_gate)
        {
            if (!_live.TryAdd((topic, subscription), dispatcher))
                throw new InvalidOperationException($"'{topic}/{subscription}' already has a handler in this process.");
        }
        dispatcher.Start(LoadPending(topic, route));
        return new Subscription(() =>
        {
            lock (_gate) _live.Remove((topic, subscription));
            return dispatcher.StopAsync();
        });
    }

    private List<Delivery> LoadPending(string topic, BusSubscriptionTable.Route route)
    {
        var subscription = route.Consumer.Subscription;
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.seq, m.session, COALESCE(f.attempts, 0), m.not_before FROM bus_messages m
            LEFT JOIN bus_failures f ON f.subscription = $sub AND f.seq = m.seq
            WHERE m.topic = $topic AND (m.pending & (1 << $bit)) != 0 AND f.dead_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM bus_completions c WHERE c.seq = m.seq AND c.bit = $bit)
            ORDER BY m.seq
            """;
        command.Parameters.AddWithValue("$sub", subscription);
        command.Parameters.AddWithValue("$topic", topic);
        command.Parameters.AddWithValue("$bit", route.Bit);
        var pending = new List<Delivery>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            // The body stays in SQLite until the message's turn: a backlog after a crash can be any size.
            pending.Add(new Delivery(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), null, reader.GetInt32(2))
            {
                NotBefore = reader.IsDBNull(3) ? null : reader.GetInt64(3),
            });
        return pending;
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? topic, string? subscription, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT f.seq, m.topic, f.subscription, m.event_id, m.event_type, m.session, f.attempts, f.last_error, f.dead_at
            FROM bus_failures f JOIN bus_messages m ON m.seq = f.seq
            WHERE f.dead_at IS NOT NULL AND ($topic IS NULL OR m.topic = $topic) AND ($sub IS NULL OR f.subscription = $sub)
            ORDER BY f.dead_at, f.seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$topic", (object?)topic ?? DBNull.Value);
        command.Parameters.AddWithValue("$sub", (object?)subscription ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 1000));
        var result = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new DeadLetter(
                DeadLetterId(reader.GetInt64(0), reader.GetString(2)), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8))));
        }
        return result;
    }

    public async Task<bool> ReplayAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!TryParseDeadLetterId(id, out var seq, out var subscription)) return false;
        var revived = await _writer.WriteAsync(ctx =>
        {
            var command = ctx.Command("""
                DELETE FROM bus_failures
                WHERE subscription = $sub AND seq = $seq AND dead_at IS NOT NULL
                RETURNING (SELECT topic FROM bus_messages WHERE seq = $seq), (SELECT session FROM bus_messages WHERE seq = $seq), (SELECT body FROM bus_messages WHERE seq = $seq)
                """, "$sub", "$seq");
            command.Parameters["$sub"].Value = subscription;
            command.Parameters["$seq"].Value = seq;
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            return new { Topic = reader.GetString(0), Session = reader.IsDBNull(1) ? null : reader.GetString(1), Body = (byte[])reader[2] };
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (revived is null) return false;
        SubscriptionDispatcher? dispatcher;
        lock (_gate) _live.TryGetValue((revived.Topic, subscription), out dispatcher);
        dispatcher?.Push(new Delivery(seq, revived.Session, revived.Body, 0));
        _logger.LogInformation("Replayed dead letter {DeadLetterId} on {Topic}/{Subscription}", id, revived.Topic, subscription);
        return true;
    }

    private static string DeadLetterId(long seq, string subscription) => $"{seq}.{subscription}";

    private static bool TryParseDeadLetterId(string id, out long seq, out string subscription)
    {
        var dot = id.IndexOf('.');
        subscription = dot > 0 ? id[(dot + 1)..] : "";
        return long.TryParse(id.AsSpan(0, Math.Max(dot, 0)), out seq) && subscription.Length > 0;
    }

    /// <param name="Mask">The subscriptions that take it (<c>pending</c>); 0: none, and it is not stored.</param>
    /// <param name="NotBefore">Unix ms before which it is not delivered; null: at once.</param>
    private sealed record PendingMessage(string EventId, string EventType, string? Session, byte[] Body, long Mask, long? NotBefore = null);

    /// <param name="Body">The encoded event, or null when it waits in SQLite only (read back by <see cref="LoadBody"/> when its turn comes).</param>
    private sealed record Delivery(long Seq, string? Session, byte[]? Body, int Attempts)
    {
        public int Attempts { get; set; } = Attempts;
        public byte[]? Body { get; set; } = Body;
        /// <summary>The published event itself, when it was published by this process: spares decoding what was just encoded.</summary>
        public CloudEvent? Live { get; set; }
        /// <summary>What this delivery counts against the subscription's buffer while it waits.</summary>
        public long BufferedBytes { get; set; }
        public string SessionKey => Session ?? "#" + Seq;
        /// <summary>Unix ms before which it is not delivered (<see cref="IEventBus.PublishLaterAsync"/>); null: at once.</summary>
        public long? NotBefore { get; init; }
    }

    private byte[]? LoadBody(long seq)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM bus_messages WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", seq);
        return command.ExecuteScalar() as byte[];
    }

    private sealed class Subscription(Func<Task> stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await stop().ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one subscription's handler. A session's messages wait in a queue of their own and only the head is in
    /// flight; sessions ready to run wait in <see cref="_ready"/> for one of the workers.
    /// </summary>
    private sealed class SubscriptionDispatcher(SqliteEventBus bus, BusSubscriptionTable.Route route, EventHandlerDelegate handler)
    {
        private string topic => route.Consumer.Topic;
        private string subscription => route.Consumer.Subscription;
        private readonly Lock _gate = new();
        private readonly Dictionary<string, Queue<Delivery>> _sessions = new(StringComparer.Ordinal);
        private readonly System.Threading.Channels.Channel<string> _ready = System.Threading.Channels.Channel.CreateUnbounded<string>();
        private readonly CancellationTokenSource _stopping = new();
        private Task[] _workers = [];

        private List<Delivery>? _early = [];
        private long _bufferedBytes;

        /// <summary>True when a published event of this size may wait in memory; false when it is to wait in SQLite only.</summary>
        public bool TryBuffer(int bytes)
        {
            if (Interlocked.Add(ref _bufferedBytes, bytes) <= bus._options.MaxBufferedBytesPerSubscription) return true;
            Interlocked.Add(ref _bufferedBytes, -bytes);
            return false;
        }

        /// <summary>A delivery is done with: its memory goes back to the buffer.</summary>
        private void Release(Delivery delivery)
        {
            if (delivery.BufferedBytes > 0) Interlocked.Add(ref _bufferedBytes, -delivery.BufferedBytes);
            delivery.BufferedBytes = 0;
            delivery.Body = null;
            delivery.Live = null;
        }
        private long _loadedThrough;

        /// <summary>
        /// Queues what the database held when the subscriber started, then what was pushed meanwhile and is not
        /// already among it, so that a session's order holds across the start. All under the lock, so that a push
        /// arriving meanwhile queues behind them.
        /// </summary>
        public void Start(List<Delivery> pending)
        {
            var ready = new List<string>();
            lock (_gate)
            {
                var loaded = pending.Select(d => d.Seq).ToHashSet();
                _loadedThrough = loaded.Count == 0 ? 0 : loaded.Max();
                foreach (var delivery in pending.Concat(_early!.Where(d => !loaded.Contains(d.Seq)).OrderBy(d => d.Seq)))
                    if (DeferredFor(delivery) is { } wait) Defer(delivery, wait);
                    else if (Enqueue(delivery)) ready.Add(delivery.SessionKey);
                _early = null;
            }
            foreach (var key in ready) _ready.Writer.TryWrite(key);
            _workers = Enumerable.Range(0, bus._options.ConcurrencyFor(route.Consumer))
                .Select(_ => Task.Run(WorkAsync)).ToArray();
        }

        /// <summary>
        /// Queues a delivery. A <paramref name="published"/> one at or below the last sequence loaded at the start was
        /// committed before that load, so the load already queued it.
        /// </summary>
        public void Push(Delivery delivery, bool published = false)
        {
            lock (_gate)
            {
                if (_early is not null) { _early.Add(delivery); return; }
                if (published && delivery.Seq <= _loadedThrough) return;
                if (DeferredFor(delivery) is { } wait)
                {
                    Defer(delivery, wait);
                    return;
                }
                if (!Enqueue(delivery)) return;
            }
            _ready.Writer.TryWrite(delivery.SessionKey);
        }

        /// <summary>Deferred deliveries waiting for their time, by sequence: one wait each, however often it is pushed or loaded.</summary>
        private readonly HashSet<long> _deferred = [];

        private TimeSpan? DeferredFor(Delivery delivery)
        {
            if (delivery.NotBefore is not { } notBefore) return null;
            var wait = DateTimeOffset.FromUnixTimeMilliseconds(notBefore) - bus._time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : null;
        }

        /// <summary>Queues the delivery when its time comes (called under the lock). Its row is in SQLite meanwhile: a restart loads it again.</summary>
        private void Defer(Delivery delivery, TimeSpan wait)
        {
            if (!_deferred.Add(delivery.Seq)) return;
            _ = Task.Delay(wait, bus._time, _stopping.Token).ContinueWith(t =>
            {
                if (t.IsCanceled) return;
                bool first;
                lock (_gate)
                {
                    _deferred.Remove(delivery.Seq);
                    first = Enqueue(delivery);
                }
                if (first) _ready.Writer.TryWrite(delivery.SessionKey);
            }, TaskScheduler.Default);
        }

        /// <summary>True when the delivery starts its session's queue, which then needs a worker.</summary>
        private bool Enqueue(Delivery delivery)
        {
            var key = delivery.SessionKey;
            if (_sessions.TryGetValue(key, out var queue)) { queue.Enqueue(delivery); return false; }
            queue = new Queue<Delivery>();
            queue.Enqueue(delivery);
            _sessions[key] = queue;
            return true;
        }

        public async Task StopAsync()
        {
            _ready.Writer.TryComplete();
            await _stopping.CancelAsync().ConfigureAwait(false);
            try { await Task.WhenAll(_workers).ConfigureAwait(false); } catch (OperationCanceledException) { }
            // What completed since the last flush is written now, not redelivered after a restart.
            if (!_completed.IsEmpty) FlushCompletions();
        }

        private async Task WorkAsync()
        {
            var token = _stopping.Token;
            while (await _ready.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (!_ready.Reader.TryRead(out var key)) continue;
                Delivery head;
                lock (_gate)
                {
                    if (!_sessions.TryGetValue(key, out var queue) || queue.Count == 0) continue;
                    head = queue.Peek();
                }
                if (token.IsCancellationRequested) return;
                var handled = await DeliverAsync(head, token).ConfigureAwait(false);
                if (token.IsCancellationRequested) return;
                if (handled) Advance(key);
            }
        }

        /// <summary>True when the head is finished with (handled or dead-lettered); false when it waits for a retry.</summary>
        private async Task<bool> DeliverAsync(Delivery delivery, CancellationToken token)
        {
            string? eventId = null;
            try
            {
                if (delivery.Live is null && (delivery.Body ??= bus.LoadBody(delivery.Seq)) is null)
                {
                    // Completed meanwhile (a replayed copy, a flush racing a restart): nothing left to deliver.
                    Release(delivery);
                    return true;
                }
                var cloudEvent = delivery.Live ?? HubCloudEvents.Decode(delivery.Body!);
                eventId = cloudEvent.Id;
                using (DeliveryScope(bus._logger, eventId!, _name))
                    await handler(cloudEvent, token).ConfigureAwait(false);
                Complete(delivery);
                Release(delivery);
                return true;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                delivery.Attempts++;
                var error = $"{e.GetType().Name}: {e.Message}";
                // An undeliverable event would fail the same way on every attempt: dead-letter it now, its reason kept.
                if (e is UndeliverableEventException || delivery.Attempts >= bus._options.MaxDeliveryAttempts)
                {
                    bus._logger.LogError(e, "Dead-lettering {CloudEventId} on {Topic}/{Subscription} after {Attempts} attempts", eventId, topic, subscription, delivery.Attempts);
                    await DeadLetterAsync(delivery, error).ConfigureAwait(false);
                    Release(delivery);
                    return true;
                }
                bus._logger.LogWarning(e, "Delivery {Attempt} of {CloudEventId} on {Topic}/{Subscription} failed; retrying", delivery.Attempts, eventId, topic, subscription);
                RecordFailure(delivery, error);
                ScheduleRetry(delivery);
                return false;
            }
        }

        private void Advance(string key)
        {
            bool more;
            lock (_gate)
            {
                var queue = _sessions[key];
                queue.Dequeue();
                more = queue.Count > 0;
                if (!more) _sessions.Remove(key);
            }
            if (more) _ready.Writer.TryWrite(key);
        }

        private void ScheduleRetry(Delivery delivery)
        {
            var exponent = Math.Min(delivery.Attempts - 1, 16);
            var delay = TimeSpan.FromTicks(Math.Min(bus._options.RetryBaseDelay.Ticks << exponent, bus._options.RetryMaxDelay.Ticks));
            delay += TimeSpan.FromTicks((long)(delay.Ticks * 0.2 * Random.Shared.NextDouble()));
            var key = delivery.SessionKey;
            _ = Task.Delay(delay, bus._time, _stopping.Token).ContinueWith(
                t => { if (!t.IsCanceled) _ready.Writer.TryWrite(key); }, TaskScheduler.Default);
        }

        private readonly int _bit = route.Bit;
        private readonly string _name = $"{route.Consumer.Topic}/{route.Consumer.Subscription}";

        /// <summary>Every log written while a handler runs carries the CloudEvent id and the subscription.</summary>
        private static readonly Func<ILogger, string, string, IDisposable?> DeliveryScope =
            LoggerMessage.DefineScope<string, string>("Delivering {CloudEventId} on {Subscription}");

        /// <summary>Completions waiting for the next flush.</summary>
        private readonly System.Collections.Concurrent.ConcurrentQueue<(long Seq, bool HadFailures)> _completed = new();
        private int _flushQueued;

        /// <summary>
        /// Marks the delivery done. Completions are written in bulk, the same three statements for all that gathered in the last
        /// <see cref="CompletionFlushDelay"/>; one lost in a crash only means a redelivery, which the idempotent handlers absorb.
        /// </summary>
        private void Complete(Delivery delivery)
        {
            _completed.Enqueue((delivery.Seq, delivery.Attempts > 0));
            if (Interlocked.CompareExchange(ref _flushQueued, 1, 0) == 0)
                _ = Task.Delay(CompletionFlushDelay, bus._time).ContinueWith(_ => FlushCompletions(), TaskScheduler.Default);
        }

        /// <summary>
        /// How long completions gather before they are written. Completion rows sit hundreds to a page and the messages
        /// they delete several to a page; written together, each page is written once rather than once per commit that
        /// happens to complete one.
        /// </summary>
        private static readonly TimeSpan CompletionFlushDelay = TimeSpan.FromMilliseconds(100);

        private void FlushCompletions()
        {
            if (_completed.IsEmpty)
            {
                // Nothing gathered (a stop flushed it already); let the next completion schedule a flush, then check
                // again in case one came in between.
                Volatile.Write(ref _flushQueued, 0);
                if (_completed.IsEmpty || Interlocked.CompareExchange(ref _flushQueued, 1, 0) != 0) return;
            }
            {
                List<(long Seq, bool HadFailures)>? taken = null;
                bus._writer.Enqueue(ctx =>
                {
                    // Taken once: if the writer runs this again after a rollback, it writes the same completions.
                    if (taken is null)
                    {
                        Volatile.Write(ref _flushQueued, 0);
                        taken = [];
                        while (_completed.TryDequeue(out var done)) taken.Add(done);
                    }
                    WriteCompletions(ctx, taken);
                });
            }
        }

        private void WriteCompletions(WriteContext ctx, List<(long Seq, bool HadFailures)> completions)
        {
            if (completions.Count == 0) return;
            var seqs = "[" + string.Join(',', completions.Select(c => c.Seq)) + "]";
            foreach (var sql in CompletionStatements)
            {
                var command = ctx.Command(sql, "$bit", "$seqs");
                command.Parameters["$bit"].Value = _bit;
                command.Parameters["$seqs"].Value = seqs;
                command.ExecuteNonQuery();
            }
            foreach (var (seq, _) in completions.Where(c => c.HadFailures))
            {
                var forget = ctx.Command("DELETE FROM bus_failures WHERE subscription = $sub AND seq = $seq", "$sub", "$seq");
                forget.Parameters["$sub"].Value = subscription;
                forget.Parameters["$seq"].Value = seq;
                forget.ExecuteNonQuery();
            }
        }

        /// <summary>
        /// A message whose other subscriptions have all completed goes, with their completions; otherwise this
        /// subscription's completion is appended. A completion repeated (a redelivery) changes nothing.
        /// </summary>
        private static readonly string[] CompletionStatements =
        [
            """
            DELETE FROM bus_messages WHERE seq IN (SELECT value FROM json_each($seqs))
              AND (pending & ~(1 << $bit)) = (SELECT COALESCE(SUM(1 << c.bit), 0) & ~(1 << $bit) FROM bus_completions c WHERE c.seq = bus_messages.seq)
            """,
            """
            DELETE FROM bus_completions WHERE seq IN (SELECT value FROM json_each($seqs))
              AND NOT EXISTS (SELECT 1 FROM bus_messages m WHERE m.seq = bus_completions.seq)
            """,
            """
            INSERT OR IGNORE INTO bus_completions(seq, bit)
            SELECT value, $bit FROM json_each($seqs) WHERE EXISTS (SELECT 1 FROM bus_messages m WHERE m.seq = value)
            """,
        ];

        private const string UpsertFailure = """
            INSERT INTO bus_failures(subscription, seq, attempts, last_error, dead_at) VALUES($sub, $seq, $a, $e, $d)
            ON CONFLICT(subscription, seq) DO UPDATE SET attempts = excluded.attempts, last_error = excluded.last_error, dead_at = excluded.dead_at
            """;

        private int WriteFailure(WriteContext ctx, Delivery delivery, string error, long? deadAt)
        {
            var upsert = ctx.Command(UpsertFailure, "$sub", "$seq", "$a", "$e", "$d");
            upsert.Parameters["$sub"].Value = subscription;
            upsert.Parameters["$seq"].Value = delivery.Seq;
            upsert.Parameters["$a"].Value = delivery.Attempts;
            upsert.Parameters["$e"].Value = error;
            upsert.Parameters["$d"].Value = (object?)deadAt ?? DBNull.Value;
            return upsert.ExecuteNonQuery();
        }

        private void RecordFailure(Delivery delivery, string error)
        {
            var attempts = delivery.Attempts;
            bus._writer.Enqueue(ctx => WriteFailure(ctx, delivery with { Attempts = attempts }, error, deadAt: null));
        }

        private Task DeadLetterAsync(Delivery delivery, string error)
        {
            var deadAt = bus._time.GetUtcNow().ToUnixTimeMilliseconds();
            return bus._writer.WriteAsync(ctx => WriteFailure(ctx, delivery, error, deadAt));
        }
    }
}
