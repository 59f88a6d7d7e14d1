using Hub.Contracts;
using Microsoft.Data.Sqlite;

namespace Hub.Embedded.Sqlite;

/// <summary>
/// The one SQLite file that holds Standalone's bus, read store and idempotency records. Reads use pooled
/// connections (WAL lets them run beside the writer); every write goes through <see cref="SqliteWriter"/>.
/// </summary>
public sealed class SqliteDatabase
{
    public string ConnectionString { get; }
    public string FilePath { get; }

    public SqliteDatabase(string filePath) : this(filePath, SchemaVersion, SchemaMigrations.Steps)
    {
    }

    /// <summary>With another latest version and steps than this build's: for tests of the upgrade itself.</summary>
    internal SqliteDatabase(string filePath, int latestVersion, IReadOnlyList<SchemaMigration> migrations)
    {
        FilePath = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        var (version, tables) = Probe(connection);
        // Before anything is written, not even a pragma: a newer release's data folder is left exactly as it was.
        if (version > latestVersion)
            throw new InvalidOperationException(
                $"The data folder holds a hub database of schema version {version}, written by a newer release; this build reads up to version {latestVersion}. " +
                "Run the release that wrote it (or a newer one); this build has not changed it.");
        // 8 KB pages, set before the file has any (ignored afterwards): each commit writes the pages it dirtied to the
        // WAL, two system calls a page, and a group commit of webhooks dirties a few table tails whatever their size.
        // Measured against 4 KB: about 5% more webhooks/s, and the million-row stock report 11.6 s instead of 12.7 s.
        Execute(connection, "PRAGMA page_size = 8192; PRAGMA journal_mode=WAL;");
        if (tables == 0) Create(connection, latestVersion);
        else if (version < SchemaMigrations.Oldest)
            throw new InvalidOperationException(
                $"The data folder holds a hub database of schema version {version}, from a development build before the first release " +
                $"(version {SchemaMigrations.Oldest}); it cannot be upgraded. Start with an empty data folder (--data) or delete the old one.");
        else SchemaMigrations.Upgrade(connection, version, latestVersion, migrations);
    }

    /// <summary>The newest schema: a fresh data folder gets it directly; an older one is upgraded to it by <see cref="SchemaMigrations"/>.</summary>
    public const int SchemaVersion = 7;

    private static (int Version, int Tables) Probe(SqliteConnection connection)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "PRAGMA user_version; SELECT COUNT(*) FROM sqlite_master WHERE type = 'table';";
        using var reader = probe.ExecuteReader();
        reader.Read();
        var version = reader.GetInt32(0);
        reader.NextResult();
        reader.Read();
        return (version, reader.GetInt32(0));
    }

    private static void Create(SqliteConnection connection, int version)
    {
        using var transaction = connection.BeginTransaction();
        using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = Schema + $"PRAGMA user_version = {version};";
        create.ExecuteNonQuery();
        transaction.Commit();
    }

    // One file, one schema: the bus, the read store and the idempotency records commit together in one writer.
    // A message is one row whatever its fan-out: `pending` has a bit per subscription of its topic at publish time
    // that takes its type (bit = bus_subscriptions.bit, kept in line with the consumer table by the bus); failures, rare, get a row of their own.
    // Completions are appended to bus_completions rather than cleared from `pending`: the message's own page went to
    // the WAL when it was published, and updating it would write that whole page again (three messages a page) for
    // each completion flush. When a message's last subscription completes, the message and its completions go.
    private const string Schema = $"""
        CREATE TABLE bus_messages(
            seq INTEGER PRIMARY KEY,
            topic TEXT NOT NULL,
            event_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            session TEXT,
            body BLOB NOT NULL,
            published_at INTEGER NOT NULL,
            pending INTEGER NOT NULL,
            not_before INTEGER);
        CREATE TABLE bus_failures(
            subscription TEXT NOT NULL,
            seq INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT,
            dead_at INTEGER,
            PRIMARY KEY(subscription, seq)) WITHOUT ROWID;
        CREATE TABLE bus_completions(
            seq INTEGER NOT NULL,
            bit INTEGER NOT NULL,
            PRIMARY KEY(seq, bit)) WITHOUT ROWID;
        CREATE TABLE bus_subscriptions(
            topic TEXT NOT NULL,
            subscription TEXT NOT NULL,
            bit INTEGER NOT NULL,
            PRIMARY KEY(topic, subscription)) WITHOUT ROWID;
        CREATE VIEW bus_deliveries AS
            SELECT s.subscription, m.seq, COALESCE(f.attempts, 0) AS attempts, f.last_error, f.dead_at
            FROM bus_messages m
            JOIN bus_subscriptions s ON s.topic = m.topic AND (m.pending & (1 << s.bit)) != 0
            LEFT JOIN bus_failures f ON f.subscription = s.subscription AND f.seq = m.seq
            WHERE NOT EXISTS (SELECT 1 FROM bus_completions c WHERE c.seq = m.seq AND c.bit = s.bit);
        -- Rows in insertion order with a small unique index, rather than the rows themselves ordered by a random key:
        -- a new document then dirties the last page and one index page, not a page of its own somewhere in the tree.
        -- version: set by UpsertNewerAsync only; NULL (a plain upsert) counts as older than any version.
        CREATE TABLE documents(
            container TEXT NOT NULL,
            pk TEXT NOT NULL,
            id TEXT NOT NULL,
            etag TEXT NOT NULL,
            body TEXT NOT NULL,
            version INTEGER);
        CREATE UNIQUE INDEX documents_by_key ON documents(container, pk, id);
        -- Partial: only stock levels are looked up by id across partitions (a SKU's stock in every warehouse), and an
        -- index over every document would cost each order write another random page for a look-up nobody makes.
        CREATE INDEX documents_by_id ON documents(id, pk) WHERE container = '{ReadStoreContainers.StockLevels}';
        -- Append-only: looked up in memory (loaded at start), so recording one writes no random page. No index on
        -- recorded_at: only the start-up prune uses it, and it reads the whole table then anyway.
        CREATE TABLE idempotency(
            seq INTEGER PRIMARY KEY,
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            recorded_at INTEGER NOT NULL);

        """;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        // Reads map the file instead of copying each page through a system call; the cache is per connection.
        Execute(connection, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -16384;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
