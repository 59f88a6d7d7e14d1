using Microsoft.Data.Sqlite;

namespace Hub.Embedded.Sqlite;

/// <summary>
/// One step of the embedded schema, from <see cref="From"/> to <see cref="From"/> + 1. It runs inside the transaction
/// that also sets <c>user_version</c> to the next version, so a data folder is at one version or the next, never between.
/// A step that rewrites rows must do it in SQL (<c>UPDATE ... SET</c>, <c>INSERT INTO ... SELECT</c>) or stream them
/// through a reader: a data folder may hold more than memory.
/// </summary>
/// <param name="From">The version the step upgrades.</param>
/// <param name="Name">What the step does, for the log and the error if it fails.</param>
/// <param name="Apply">The step; it must not commit or roll back the transaction it is given.</param>
public sealed record SchemaMigration(int From, string Name, Action<SqliteConnection, SqliteTransaction> Apply)
{
    /// <summary>A step that is only SQL.</summary>
    public static SchemaMigration Sql(int from, string name, string sql) => new(from, name, (connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    });
}

/// <summary>
/// How a data folder written by an earlier release becomes one this release reads: step by step, never by asking
/// for an empty folder. A fresh database is created at <see cref="SqliteDatabase.SchemaVersion"/> directly from
/// <see cref="SqliteDatabase"/>'s schema; the steps must lead an old one to exactly that schema (a test compares them).
/// </summary>
public static class SchemaMigrations
{
    /// <summary>The first version a data folder was released with: older ones predate migrations and cannot be upgraded.</summary>
    public const int Oldest = 6;

    /// <summary>
    /// Step N -> N + 1, in order, from <see cref="Oldest"/> up to <see cref="SqliteDatabase.SchemaVersion"/>. Adding a
    /// step: change the schema in <see cref="SqliteDatabase"/>, bump its version, and append the step that leads the
    /// previous version there.
    /// </summary>
    public static IReadOnlyList<SchemaMigration> Steps { get; } =
    [
        // Messages may wait for a time before delivery (IEventBus.PublishLaterAsync); NULL for every message written
        // before. bus_subscriptions' rows are brought in line with the consumer table by the bus at start, not here.
        SchemaMigration.Sql(6, "bus messages get a not-before time", "ALTER TABLE bus_messages ADD COLUMN not_before INTEGER;"),
    ];

    /// <summary>
    /// Upgrades a database at <paramref name="version"/> to <paramref name="latest"/> with <paramref name="steps"/>,
    /// each in a transaction of its own. Throws, changing nothing more, when a step is missing or fails: the steps
    /// before it stay applied, so the next start resumes from there.
    /// </summary>
    internal static void Upgrade(SqliteConnection connection, int version, int latest, IReadOnlyList<SchemaMigration> steps)
    {
        for (var from = version; from < latest; from++)
        {
            var step = steps.SingleOrDefault(s => s.From == from) ?? throw new InvalidOperationException(
                $"The data folder's hub database is at schema version {from} and this build has no step from it to version {from + 1}.");
            using var transaction = connection.BeginTransaction();
            try
            {
                step.Apply(connection, transaction);
                using var bump = connection.CreateCommand();
                bump.Transaction = transaction;
                bump.CommandText = $"PRAGMA user_version = {from + 1}";
                bump.ExecuteNonQuery();
                transaction.Commit();
            }
            catch (Exception e) when (e is not InvalidOperationException)
            {
                throw new InvalidOperationException(
                    $"Upgrading the hub database from schema version {from} to {from + 1} ({step.Name}) failed; the data folder is left at version {from}: {e.Message}", e);
            }
        }
    }
}
