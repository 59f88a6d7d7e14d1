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

    public SqliteDatabase(string filePath)
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
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, Schema);
    }

    // One file, one schema: the bus, the read store and the idempotency records commit together in one writer.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS bus_messages(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            topic TEXT NOT NULL,
            event_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            session TEXT,
            body BLOB NOT NULL,
            published_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS bus_deliveries(
            subscription TEXT NOT NULL,
            seq INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            dead_at INTEGER,
            PRIMARY KEY(subscription, seq)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS bus_deliveries_by_seq ON bus_deliveries(seq);
        CREATE TABLE IF NOT EXISTS documents(
            container TEXT NOT NULL,
            pk TEXT NOT NULL,
            id TEXT NOT NULL,
            etag TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY(container, pk, id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS idempotency(
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY(scope, key)) WITHOUT ROWID;
        """;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
