using Hub.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hub.Embedded.Tests.Schema;

/// <summary>The upgrade mechanism itself, with made-up steps past this build's version, on a copy of the schema-6 fixture.</summary>
public sealed class when_the_schema_is_upgraded : IDisposable
{
    private const int Six = 6;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-upgrade-" + Guid.NewGuid().ToString("N"));
    private readonly string _path;

    public when_the_schema_is_upgraded()
    {
        Directory.CreateDirectory(_folder);
        _path = Path.Combine(_folder, "hub.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "data-folder-schema-6", "hub.db"), _path);
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    [Fact]
    public void each_step_runs_once_in_order_and_the_version_follows()
    {
        var ran = new List<(int From, long VersionSeen)>();
        SchemaMigration Step(int from, string sql) => new(from, $"step {from}", (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version";
            ran.Add((from, (long)command.ExecuteScalar()!));
            command.CommandText = sql;
            command.ExecuteNonQuery();
        });

        _ = new SqliteDatabase(_path, Six + 2, [Step(Six + 1, "UPDATE documents SET version = 2 WHERE version IS NULL"), Step(Six, "ALTER TABLE documents ADD COLUMN seen INTEGER NOT NULL DEFAULT 7")]);
        _ = new SqliteDatabase(_path, Six + 2, []);

        Assert.Equal([(Six, Six), (Six + 1, Six + 1)], ran);
        Assert.Equal(Six + 2, SchemaText.Version(_path));
        Assert.Equal(24, Scalar("SELECT COUNT(*) FROM documents WHERE seen = 7 AND version IS NOT NULL"));
    }

    [Fact]
    public void a_failing_step_leaves_the_folder_at_the_version_before_it_with_none_of_its_changes()
    {
        var failing = new SchemaMigration(Six + 1, "a step that breaks halfway", (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM documents; SELECT no_such_function();";
            command.ExecuteNonQuery();
        });

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(_path, Six + 2,
            [SchemaMigration.Sql(Six, "a column", "ALTER TABLE documents ADD COLUMN seen INTEGER"), failing]));

        Assert.Contains($"from schema version {Six + 1} to {Six + 2} (a step that breaks halfway) failed; the data folder is left at version {Six + 1}", error.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(Six + 1, SchemaText.Version(_path));
        Assert.Equal(24, Scalar("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public void a_missing_step_is_named_and_nothing_is_changed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(_path, Six + 1, []));

        Assert.Contains($"schema version {Six} and this build has no step from it to version {Six + 1}", error.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(Six, SchemaText.Version(_path));
    }

    [Fact]
    public void a_new_folder_is_created_at_the_latest_version_directly_and_opens_again()
    {
        var path = Path.Combine(_folder, "fresh", "hub.db");
        _ = new SqliteDatabase(path);
        var again = new SqliteDatabase(path);

        using var connection = again.Open();
        using var layout = connection.CreateCommand();
        layout.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SqliteDatabase.SchemaVersion, layout.ExecuteScalar());
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
