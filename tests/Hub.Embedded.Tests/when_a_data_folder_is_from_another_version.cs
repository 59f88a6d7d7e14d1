using Hub.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hub.Embedded.Tests;

public sealed class when_a_data_folder_is_from_another_version : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-schema-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void it_is_refused_with_a_message_saying_what_to_do()
    {
        var path = Path.Combine(_folder, "hub.db");
        Directory.CreateDirectory(_folder);
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = "CREATE TABLE bus_messages(seq INTEGER PRIMARY KEY); PRAGMA user_version = 1;";
            create.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(path));

        Assert.Contains("schema version 1", error.Message);
        Assert.Contains($"version {SqliteDatabase.SchemaVersion}", error.Message);
        Assert.Contains("--data", error.Message);
    }

    [Fact]
    public void a_folder_of_schema_6_takes_the_not_before_column_and_keeps_its_messages()
    {
        var path = Path.Combine(_folder, "hub.db");
        Directory.CreateDirectory(_folder);
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE bus_messages(seq INTEGER PRIMARY KEY, topic TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
                    session TEXT, body BLOB NOT NULL, published_at INTEGER NOT NULL, pending INTEGER NOT NULL);
                INSERT INTO bus_messages VALUES(1, 'orders', 'e-1', 't', 's', x'00', 0, 3);
                PRAGMA user_version = 6;
                """;
            create.ExecuteNonQuery();
        }

        var database = new SqliteDatabase(path);

        using var connection = database.Open();
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT event_id, not_before IS NULL FROM bus_messages";
        using (var reader = probe.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.Equal(("e-1", 1L), (reader.GetString(0), reader.GetInt64(1)));
        }
        probe.CommandText = "PRAGMA user_version";
        Assert.Equal(7L, probe.ExecuteScalar());
    }

    [Fact]
    public void a_new_folder_gets_the_current_schema_and_opens_again()
    {
        var path = Path.Combine(_folder, "hub.db");
        _ = new SqliteDatabase(path);
        var again = new SqliteDatabase(path);

        using var connection = again.Open();
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SqliteDatabase.SchemaVersion, version.ExecuteScalar());
        using var layout = connection.CreateCommand();
        layout.CommandText = "PRAGMA page_size";
        Assert.Equal(8192L, layout.ExecuteScalar());
        layout.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", layout.ExecuteScalar());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
