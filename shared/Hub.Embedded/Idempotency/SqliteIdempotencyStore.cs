using System.Collections.Concurrent;
using Hub.Core.Idempotency;
using Hub.Embedded.Sqlite;

namespace Hub.Embedded.Idempotency;

/// <summary>
/// Idempotency records as an append-only SQLite table, looked up in memory: the table is read once at start-up
/// (records younger than <see cref="Retention"/>; older ones are deleted), and every record is added to memory at
/// once and to the disk with the writer's next group commit. Keys are random (hashes), so an indexed table would
/// dirty a page of its own for each; appending keeps recording off the writer's critical path.
/// </summary>
public sealed class SqliteIdempotencyStore : IIdempotencyStore
{
    /// <summary>How long a delivery id is remembered: far beyond any platform's retry schedule.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private readonly SqliteWriter _writer;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Scope, string Key), string> _records = new();

    public SqliteIdempotencyStore(SqliteReaders readers, SqliteWriter writer, TimeProvider time)
    {
        _writer = writer;
        _time = time;
        var cutoff = (time.GetUtcNow() - Retention).ToUnixTimeMilliseconds();
        readers.Read(ctx =>
        {
            var load = ctx.Command("SELECT scope, key, value FROM idempotency WHERE recorded_at >= $cutoff ORDER BY seq", "$cutoff");
            load.Parameters["$cutoff"].Value = cutoff;
            using var reader = load.ExecuteReader();
            while (reader.Read()) _records.TryAdd((reader.GetString(0), reader.GetString(1)), reader.GetString(2));
            return _records.Count;
        });
        writer.Enqueue(ctx =>
        {
            var prune = ctx.Command("DELETE FROM idempotency WHERE recorded_at < $cutoff", "$cutoff");
            prune.Parameters["$cutoff"].Value = cutoff;
            prune.ExecuteNonQuery();
        });
    }

    public Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.TryGetValue((scope, key), out var value) ? value : null);

    public Task RecordAsync(string scope, string key, string value, CancellationToken cancellationToken = default)
    {
        if (!_records.TryAdd((scope, key), value)) return Task.CompletedTask;
        var at = _time.GetUtcNow().ToUnixTimeMilliseconds();
        // Not awaited: a record lost in a crash means a redelivery is handled again, which consumers absorb. Records
        // that must not be lost are written with their events instead (SqlitePublishWithRecord).
        _writer.Enqueue(ctx => Insert(ctx, scope, key, value, at));
        return Task.CompletedTask;
    }

    /// <summary>Writes a record inside the caller's transaction; <see cref="Remember"/> it once that is committed.</summary>
    internal void Insert(WriteContext ctx, string scope, string key, string value, long recordedAt)
    {
        var command = ctx.Command("INSERT INTO idempotency(scope, key, value, recorded_at) VALUES($s, $k, $v, $t)", "$s", "$k", "$v", "$t");
        command.Parameters["$s"].Value = scope;
        command.Parameters["$k"].Value = key;
        command.Parameters["$v"].Value = value;
        command.Parameters["$t"].Value = recordedAt;
        command.ExecuteNonQuery();
    }

    internal void Remember(string scope, string key, string value) => _records.TryAdd((scope, key), value);

    internal long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
