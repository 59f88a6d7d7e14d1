using System.Collections.Concurrent;
using Hub.Core.Idempotency;
using Hub.Embedded.Sqlite;

namespace Hub.Embedded.Idempotency;

/// <summary>
/// Idempotency records in SQLite. A record is visible to <see cref="FindAsync"/> the moment it is recorded and
/// reaches the disk with the writer's next group commit, so recording adds no commit wait to a request.
/// </summary>
public sealed class SqliteIdempotencyStore(SqliteReaders readers, SqliteWriter writer, TimeProvider time) : IIdempotencyStore
{
    private readonly ConcurrentDictionary<(string Scope, string Key), string> _uncommitted = new();

    public Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        if (_uncommitted.TryGetValue((scope, key), out var pending)) return Task.FromResult<string?>(pending);
        return Task.FromResult(readers.Read(ctx =>
        {
            var command = ctx.Command("SELECT value FROM idempotency WHERE scope = $s AND key = $k", "$s", "$k");
            command.Parameters["$s"].Value = scope;
            command.Parameters["$k"].Value = key;
            return (string?)command.ExecuteScalar();
        }));
    }

    public Task RecordAsync(string scope, string key, string value, CancellationToken cancellationToken = default)
    {
        if (!_uncommitted.TryAdd((scope, key), value)) return Task.CompletedTask;
        var at = time.GetUtcNow().ToUnixTimeMilliseconds();
        var committed = writer.WriteAsync(ctx =>
        {
            var command = ctx.Command("INSERT INTO idempotency(scope, key, value, recorded_at) VALUES($s, $k, $v, $t) ON CONFLICT DO NOTHING", "$s", "$k", "$v", "$t");
            command.Parameters["$s"].Value = scope;
            command.Parameters["$k"].Value = key;
            command.Parameters["$v"].Value = value;
            command.Parameters["$t"].Value = at;
            return command.ExecuteNonQuery();
        });
        // Kept in memory until it is on disk, and also if the write failed: the process then still answers
        // "duplicate" for it; after a restart, a redelivery publishes the same event id again, which consumers ignore.
        committed.ContinueWith(t => { if (t.IsCompletedSuccessfully) _uncommitted.TryRemove((scope, key), out _); }, TaskScheduler.Default);
        return Task.CompletedTask;
    }
}
