using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Hub.Benchmarks.Soak;

/// <summary>
/// What a soak sample reads from the running hub from outside it: the child's resident set from /proc, the sizes of
/// hub.db and its WAL, and two row counts read through a connection of its own.
/// </summary>
/// <remarks>
/// The counts are the spans of the tables' rowids (MAX - MIN + 1, each a single descent of the B-tree): bus_messages and
/// idempotency take rowids in insertion order and lose their oldest rows first (completed messages, pruned records),
/// so the span is the row count whenever the rows leave in the order they came, and an upper bound otherwise. An
/// exact COUNT(*) would read every page of the table, gigabytes once the backlog is large, and hold a read snapshot
/// that long, which keeps a checkpoint from resetting the WAL. The connection is read-only, unpooled, and opened and
/// closed per sample: in WAL mode a reader never blocks the writer, and this one holds its snapshot for two statements.
/// </remarks>
public sealed class HubProbe(int processId, string databasePath)
{
    public HubReading Read()
    {
        var (rss, anon, file) = ResidentSet();
        var (backlog, idempotency) = Rows();
        return new HubReading(rss, anon, file, SizeOf(databasePath), SizeOf(databasePath + "-wal"), backlog, idempotency);
    }

    private (long Rss, long Anon, long File) ResidentSet()
    {
        long rss = 0, anon = 0, file = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
                else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kilobytes(line);
                else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Kilobytes(line);
            }
        }
        catch (IOException)
        {
            // Exited: zeroes, and the harness notices the process is gone.
        }
        return (rss, anon, file);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private (long? Backlog, long? Idempotency) Rows()
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            // One aggregate per subquery: SQLite answers a lone MIN or MAX of a rowid from the edge of the B-tree.
            command.CommandText = """
                SELECT (SELECT MIN(seq) FROM bus_messages), (SELECT MAX(seq) FROM bus_messages),
                       (SELECT MIN(seq) FROM idempotency), (SELECT MAX(seq) FROM idempotency)
                """;
            using var reader = command.ExecuteReader();
            reader.Read();
            return (Span(reader, 0), Span(reader, 2));
        }
        catch (SqliteException)
        {
            // Busy past the timeout, or the file is gone: this sample goes without counts rather than stopping the run.
            return (null, null);
        }
    }

    private static long Span(SqliteDataReader reader, int min) =>
        reader.IsDBNull(min) ? 0 : reader.GetInt64(min + 1) - reader.GetInt64(min) + 1;
}

/// <param name="ResidentBytes">VmRSS: anonymous memory (managed heap, native) plus file pages mapped in (code, and hub.db pages SQLite reads through mmap).</param>
/// <param name="BusBacklog">bus_messages rows (rowid span), null when the probe could not read them.</param>
/// <param name="IdempotencyRows">idempotency rows (rowid span), null when the probe could not read them.</param>
public sealed record HubReading(
    long ResidentBytes, long ResidentAnonBytes, long ResidentFileBytes, long DatabaseBytes, long WalBytes, long? BusBacklog, long? IdempotencyRows)
{
    public long DatabaseAndWalBytes => DatabaseBytes + WalBytes;
}
