using Hub.Core;
using Hub.Core.Retention;
using Hub.Embedded.Idempotency;
using Hub.Embedded.Sqlite;
using Microsoft.Extensions.Options;

namespace Hub.Embedded.Retention;

/// <summary>
/// The SQLite file's retention: idempotency records past <see cref="RetentionOptions.DeliveryIds"/> and dead letters past
/// <see cref="RetentionOptions.DeadLetters"/>. Completed bus messages need nothing here: a message and its completions are
/// deleted when its last subscription completes (<see cref="Messaging.SqliteEventBus"/>).
/// <para>
/// Deleted rows leave free pages that SQLite reuses for new rows, so under a steady load the file stops growing once the
/// windows are full; <c>auto_vacuum</c> is not needed (it would only give the space back to the disk after a burst, at the
/// cost of moving pages on every commit that frees some). The WAL is bounded by the writer's checkpoint settings.
/// </para>
/// </summary>
public sealed class EmbeddedRetention(SqliteWriter writer, SqliteIdempotencyStore idempotency, IOptions<RetentionOptions> options, TimeProvider time)
    : IRetentionSweep
{
    private const int Batch = 500;

    public string Name => "embedded store";

    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        var records = await idempotency.PurgeExpiredAsync(cancellationToken).ConfigureAwait(false);
        return records + await PurgeDeadLettersAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Forgets each dead letter older than the window as if its subscription had completed it: its failure row goes, and so
    /// does the message once no other subscription still has it pending (otherwise it stays for them). A batch a transaction,
    /// so the writer serves webhooks between them. Returns how many dead letters went.
    /// </summary>
    public async Task<long> PurgeDeadLettersAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = (time.GetUtcNow() - options.Value.DeadLetters).ToUnixTimeMilliseconds();
        long purged = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await writer.WriteAsync(ctx => PurgeBatch(ctx, cutoff)).ConfigureAwait(false);
            purged += batch;
            if (batch < Batch) return purged;
        }
    }

    private static int PurgeBatch(WriteContext ctx, long cutoff)
    {
        var select = ctx.Command("""
            SELECT f.subscription, f.seq, s.bit FROM bus_failures f
            LEFT JOIN bus_messages m ON m.seq = f.seq
            LEFT JOIN bus_subscriptions s ON s.topic = m.topic AND s.subscription = f.subscription
            WHERE f.dead_at IS NOT NULL AND f.dead_at < $cutoff
            LIMIT $n
            """, "$cutoff", "$n");
        select.Parameters["$cutoff"].Value = cutoff;
        select.Parameters["$n"].Value = Batch;
        var dead = new List<(string Subscription, long Seq, long? Bit)>();
        using (var reader = select.ExecuteReader())
            while (reader.Read()) dead.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));

        foreach (var (subscription, seq, bit) in dead)
        {
            Run(ctx, "DELETE FROM bus_failures WHERE subscription = $sub AND seq = $seq", ("$sub", subscription), ("$seq", seq));
            // A subscription no longer declared has no bit: its failure row is all there is to forget.
            if (bit is null) continue;
            Run(ctx, "INSERT OR IGNORE INTO bus_completions(seq, bit) VALUES($seq, $bit)", ("$seq", seq), ("$bit", bit.Value));
            Run(ctx, """
                DELETE FROM bus_messages WHERE seq = $seq
                  AND (pending & ~(SELECT COALESCE(SUM(1 << c.bit), 0) FROM bus_completions c WHERE c.seq = $seq)) = 0
                """, ("$seq", seq));
            Run(ctx, "DELETE FROM bus_completions WHERE seq = $seq AND NOT EXISTS (SELECT 1 FROM bus_messages m WHERE m.seq = $seq)", ("$seq", seq));
        }
        return dead.Count;
    }

    private static void Run(WriteContext ctx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = ctx.Command(sql, parameters.Select(p => p.Name).ToArray());
        foreach (var (name, value) in parameters) command.Parameters[name].Value = value;
        command.ExecuteNonQuery();
    }
}
