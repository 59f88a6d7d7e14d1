using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Hub.Core;
using Hub.Core.Idempotency;
using Hub.Embedded.Sqlite;
using Microsoft.Extensions.Options;

namespace Hub.Embedded.Idempotency;

/// <summary>
/// Idempotency records as an append-only SQLite table, found through a <see cref="FingerprintIndex"/> in memory: a new
/// key (every first delivery) is a miss in memory and costs no read; a fingerprint that matches is read back by its row
/// (the primary key) and compared. Keys are random (hashes), so an indexed table would dirty a page of its own for each;
/// appending keeps recording one more row in the writer's group commit.
/// <para>
/// A record lives for <see cref="RetentionOptions.DeliveryIds"/>: older ones are never found, and <see cref="PurgeExpiredAsync"/>
/// (run by the retention sweep) forgets their minutes in memory and deletes their rows, a range of seq at a time (seq grows
/// with time). At start only the fingerprints of unexpired rows are loaded.
/// </para>
/// </summary>
public sealed class SqliteIdempotencyStore : IIdempotencyStore
{
    private const int PurgeChunk = 5000;

    private readonly SqliteReaders _readers;
    private readonly SqliteWriter _writer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly Func<string, string, ulong> _fingerprint;
    private readonly FingerprintIndex _index = new();
    // Recorded but not yet committed (the writer commits a moment later): found here until their row is in the index.
    private readonly ConcurrentDictionary<(string Scope, string Key), string> _uncommitted = new();

    public SqliteIdempotencyStore(SqliteReaders readers, SqliteWriter writer, TimeProvider time, IOptions<RetentionOptions> retention)
        : this(readers, writer, time, retention.Value.DeliveryIds, Fingerprint)
    {
    }

    /// <param name="fingerprint">The 64-bit fingerprint of (scope, key); replaceable so that tests can make two keys collide.</param>
    internal SqliteIdempotencyStore(SqliteReaders readers, SqliteWriter writer, TimeProvider time, TimeSpan window, Func<string, string, ulong> fingerprint)
    {
        _readers = readers;
        _writer = writer;
        _time = time;
        _window = window;
        _fingerprint = fingerprint;
        var cutoff = Cutoff();
        readers.Read(ctx =>
        {
            var load = ctx.Command("SELECT seq, scope, key, recorded_at FROM idempotency WHERE recorded_at >= $cutoff ORDER BY seq", "$cutoff");
            load.Parameters["$cutoff"].Value = cutoff;
            using var reader = load.ExecuteReader();
            while (reader.Read()) _index.Add(fingerprint(reader.GetString(1), reader.GetString(2)), reader.GetInt64(0), reader.GetInt64(3));
            return 0;
        });
        writer.Enqueue(ctx =>
        {
            var prune = ctx.Command("DELETE FROM idempotency WHERE recorded_at < $cutoff", "$cutoff");
            prune.Parameters["$cutoff"].Value = cutoff;
            prune.ExecuteNonQuery();
        });
    }

    /// <summary>Records whose fingerprints are held in memory (committed, not yet purged): what the memory bound is about.</summary>
    public int RecordsInMemory => _index.Count;

    public Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(scope, key));

    private string? Find(string scope, string key) => Find(scope, key, _fingerprint(scope, key));

    private string? Find(string scope, string key, ulong fingerprint)
    {
        // The uncommitted first: a record leaves it only after its row is in the index, so one of the two has it.
        if (_uncommitted.TryGetValue((scope, key), out var pending)) return pending;
        var rows = _index.Rows(fingerprint);
        if (rows.Length == 0) return null;
        var cutoff = Cutoff();
        foreach (var seq in rows)
        {
            var found = _readers.Read(ctx =>
            {
                var read = ctx.Command("SELECT scope, key, value, recorded_at FROM idempotency WHERE seq = $seq", "$seq");
                read.Parameters["$seq"].Value = seq;
                using var reader = read.ExecuteReader();
                // A row purged meanwhile, another key with the same fingerprint, or a record past its window: not this one.
                return reader.Read() && reader.GetString(0) == scope && reader.GetString(1) == key && reader.GetInt64(3) >= cutoff
                    ? reader.GetString(2)
                    : null;
            });
            if (found is not null) return found;
        }
        return null;
    }

    public Task RecordAsync(string scope, string key, string value, CancellationToken cancellationToken = default)
    {
        var fingerprint = _fingerprint(scope, key);
        if (Find(scope, key, fingerprint) is not null || !_uncommitted.TryAdd((scope, key), value)) return Task.CompletedTask;
        var at = Now();
        long seq = 0;
        // Not awaited: a record lost in a crash means a redelivery is handled again, which consumers absorb. Records
        // that must not be lost are written with their events instead (SqlitePublishWithRecord).
        _writer.Enqueue(
            ctx => seq = Insert(ctx, scope, key, value, at),
            committed: () =>
            {
                _index.Add(fingerprint, seq, at);
                _uncommitted.TryRemove(KeyValuePair.Create((scope, key), value));
            },
            failed: () => _uncommitted.TryRemove(KeyValuePair.Create((scope, key), value)));
        return Task.CompletedTask;
    }

    /// <summary>Writes a record inside the caller's transaction and returns its row; <see cref="Remember"/> it once that is committed.</summary>
    internal long Insert(WriteContext ctx, string scope, string key, string value, long recordedAt)
    {
        var command = ctx.Command("INSERT INTO idempotency(scope, key, value, recorded_at) VALUES($s, $k, $v, $t) RETURNING seq", "$s", "$k", "$v", "$t");
        command.Parameters["$s"].Value = scope;
        command.Parameters["$k"].Value = key;
        command.Parameters["$v"].Value = value;
        command.Parameters["$t"].Value = recordedAt;
        return (long)command.ExecuteScalar()!;
    }

    internal void Remember(string scope, string key, long seq, long recordedAt) => _index.Add(_fingerprint(scope, key), seq, recordedAt);

    internal long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private long Cutoff() => (_time.GetUtcNow() - _window).ToUnixTimeMilliseconds();

    /// <summary>
    /// Forgets the records past their window and deletes their rows, <see cref="PurgeChunk"/> at a time so that the
    /// webhooks' commits go on between the chunks. Returns how many rows were deleted.
    /// </summary>
    public async Task<long> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        if (_index.ExpireThrough(Cutoff()) is not { } through) return 0;
        long deleted = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = await _writer.WriteAsync(ctx =>
            {
                var delete = ctx.Command(
                    "DELETE FROM idempotency WHERE seq IN (SELECT seq FROM idempotency WHERE seq <= $through ORDER BY seq LIMIT $n)", "$through", "$n");
                delete.Parameters["$through"].Value = through;
                delete.Parameters["$n"].Value = PurgeChunk;
                return delete.ExecuteNonQuery();
            }).ConfigureAwait(false);
            deleted += chunk;
            if (chunk < PurgeChunk) return deleted;
        }
    }

    /// <summary>The first 64 bits of SHA-256 over scope, a NUL and key: unrelated keys collide once in 2^64, and nobody can make them collide on purpose cheaply.</summary>
    internal static ulong Fingerprint(string scope, string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(scope.Length + key.Length + 1);
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> bytes = rented ?? stackalloc byte[512];
        try
        {
            var written = Encoding.UTF8.GetBytes(scope, bytes);
            bytes[written++] = 0;
            written += Encoding.UTF8.GetBytes(key, bytes[written..]);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(bytes[..written], hash);
            return BitConverter.ToUInt64(hash);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
