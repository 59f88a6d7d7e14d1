using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Hub.Embedded.Sqlite;

/// <summary>
/// The single writer of the SQLite file, with group commit: work items queued while one transaction commits
/// are run together in the next, so one fsync covers many of them. A caller's task completes only after the
/// transaction holding its work is durable (WAL, synchronous=FULL).
/// </summary>
public sealed class SqliteWriter : IAsyncDisposable
{
    private const int MaxBatch = 4096;

    private readonly SqliteConnection _connection;
    // Not a channel: the writer thread must wake without help from the thread pool, which may be exhausted by
    // callers waiting for this very writer. Not a BlockingCollection either: its wait spins, and on two cores
    // a spinning writer takes CPU from the requests that would feed it.
    private readonly System.Collections.Concurrent.ConcurrentQueue<IWorkItem> _queue = new();
    private readonly object _signal = new();
    private int _sleeping;
    private bool _completed;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private long _commits;

    public SqliteWriter(SqliteDatabase database, ILogger<SqliteWriter> logger)
    {
        _logger = logger;
        _connection = new SqliteConnection(database.ConnectionString + ";Pooling=False");
        _connection.Open();
        // FULL: a commit is on disk before its callers hear of it. A larger WAL between checkpoints lets pages that
        // change again and again (the tails of the tables) be copied back to the database file once, not each time.
        // A 16 MB page cache: 64 MB gave the webhook benchmark nothing (14,406 vs 14,530 accepted/s) and added 50 MB to
        // the peak of a million-row stock report.
        // The WAL file is rewritten from its start after each complete checkpoint but never shrinks by itself: the size
        // limit truncates it back after a burst (a reader holding an old snapshot can delay a reset, not prevent it).
        SqliteDatabase.Execute(_connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=16384; PRAGMA journal_size_limit=201326592; PRAGMA cache_size=-16384;");
        // A thread of its own: it blocks in SQLite and in fsync, which would starve a thread pool of two cores.
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite writer" };
        _thread.Start();
    }

    /// <summary>Transactions committed so far; with group commit, usually far fewer than the writes they carried.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Runs schema statements at once, outside the group commit.</summary>
    public Task ExecuteSchemaAsync(string sql) => WriteAsync(ctx => { ctx.Execute(sql); return true; });

    /// <summary>
    /// Runs <paramref name="work"/> inside the next group transaction and completes when it is committed.
    /// The work must not start its own transaction; if it throws, only its own changes are undone (the batch is
    /// rolled back and its other items run again, each alone), so work must be safe to run twice after a rollback.
    /// <paramref name="committed"/>, if given, runs on the writer's thread right after the commit, in commit order
    /// across all writes; it must be quick and must not wait for the writer.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<WriteContext, T> work, Action<T>? committed = null)
    {
        var item = new WorkItem<T>(work, committed);
        if (Volatile.Read(ref _completed))
            return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteWriter), "The SQLite writer is stopped."));
        _queue.Enqueue(item);
        if (Volatile.Read(ref _sleeping) == 1) Wake();
        return item.Completion.Task;
    }

    /// <summary>
    /// Queues work without waiting for its commit (records whose loss only causes a redelivery). No task: a failure
    /// is logged on the writer's thread, so a success costs the thread pool nothing.
    /// </summary>
    /// <param name="work">The write; like <see cref="WriteAsync{T}"/>'s, it may run twice after a rollback.</param>
    /// <param name="committed">Runs on the writer's thread right after the commit; quick, and never waiting for the writer.</param>
    /// <param name="failed">Runs once the write has failed for good (or was refused because the writer is stopped).</param>
    public void Enqueue(Action<WriteContext> work, Action? committed = null, Action? failed = null)
    {
        if (Volatile.Read(ref _completed))
        {
            _logger.LogError("A queued SQLite write was refused: the writer is stopped");
            failed?.Invoke();
            return;
        }
        _queue.Enqueue(new QueuedWork(work, _logger, committed, failed));
        if (Volatile.Read(ref _sleeping) == 1) Wake();
    }

    private void Run()
    {
        var batch = new List<IWorkItem>(MaxBatch);
        var context = new WriteContext(_connection, _commands);
        try
        {
            while (TakeFirst(out var first))
            {
                batch.Clear();
                batch.Add(first);
                while (batch.Count < MaxBatch && _queue.TryDequeue(out var item)) batch.Add(item);
                if (!TryCommit(batch, context, out var failure))
                {
                    if (batch.Count == 1) batch[0].Fail(failure!);
                    // Something in the batch failed: run each item alone, so that only the faulty one fails.
                    else foreach (var item in batch) if (!TryCommit([item], context, out var own)) item.Fail(own!);
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Wake()
    {
        lock (_signal) Monitor.PulseAll(_signal);
    }

    /// <summary>The next item, sleeping until one comes; false once the writer is stopped and drained.</summary>
    private bool TakeFirst(out IWorkItem item)
    {
        while (true)
        {
            if (_queue.TryDequeue(out item!)) return true;
            lock (_signal)
            {
                // A full fence, then the queue checked again: an item enqueued by a producer that had not yet seen
                // the flag would otherwise wait for the next one.
                Interlocked.Exchange(ref _sleeping, 1);
                if (_queue.TryDequeue(out item!)) { _sleeping = 0; return true; }
                if (Volatile.Read(ref _completed)) { _sleeping = 0; return false; }
                Monitor.Wait(_signal);
                _sleeping = 0;
            }
        }
    }

    private bool TryCommit(List<IWorkItem> batch, WriteContext context, out Exception? failure)
    {
        failure = null;
        try
        {
            using (var transaction = _connection.BeginTransaction())
            {
                context.Transaction = transaction;
                foreach (var item in batch) item.Run(context);
                transaction.Commit();
            }
            Interlocked.Increment(ref _commits);
        }
        catch (Exception e)
        {
            if (batch.Count == 1) _logger.LogWarning(e, "A SQLite write failed");
            failure = e;
            return false;
        }
        finally
        {
            context.Transaction = null;
        }
        foreach (var item in batch)
        {
            try { item.Succeed(); }
            catch (Exception e) { _logger.LogError(e, "An action after a SQLite commit failed"); }
        }
        return true;
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Volatile.Write(ref _completed, true);
        Wake();
        await _stopped.Task.ConfigureAwait(false);
        foreach (var command in _commands.Values) command.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private interface IWorkItem
    {
        void Run(WriteContext context);
        void Succeed();
        void Fail(Exception e);
    }

    private sealed class QueuedWork(Action<WriteContext> work, ILogger logger, Action? committed, Action? failed) : IWorkItem
    {
        public void Run(WriteContext context) => work(context);
        public void Succeed() => committed?.Invoke();
        public void Fail(Exception e)
        {
            logger.LogError(e, "A queued SQLite write failed");
            failed?.Invoke();
        }
    }

    private sealed class WorkItem<T>(Func<WriteContext, T> work, Action<T>? committed) : IWorkItem
    {
        private T? _result;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(WriteContext context) => _result = work(context);
        public void Succeed()
        {
            try { committed?.Invoke(_result!); }
            finally { Completion.TrySetResult(_result!); }
        }
        public void Fail(Exception e) => Completion.TrySetException(e);
    }
}

/// <summary>The writer connection inside a group transaction, with prepared commands reused across batches.</summary>
public sealed class WriteContext(SqliteConnection connection, Dictionary<string, SqliteCommand> commands)
{
    public SqliteConnection Connection { get; } = connection;
    internal SqliteTransaction? Transaction { get; set; }

    /// <summary>A prepared command for <paramref name="sql"/>; set its parameters by name before each use.</summary>
    public SqliteCommand Command(string sql, params string[] parameterNames)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames) command.Parameters.Add(new SqliteParameter(name, null));
            commands[sql] = command;
        }
        command.Transaction = Transaction;
        return command;
    }

    /// <summary>Runs a statement that is not worth preparing (schema, one-off maintenance).</summary>
    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        command.ExecuteNonQuery();
    }
}
