using System.Security.Cryptography;
using Hub.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hub.Embedded.Tests.Schema;

public sealed class when_a_data_folder_is_from_a_newer_release : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-schema-" + Guid.NewGuid().ToString("N"));

    private string Newer(int version)
    {
        var path = Path.Combine(_folder, "hub.db");
        Directory.CreateDirectory(_folder);
        using var newer = new SqliteConnection($"Data Source={path};Pooling=False");
        newer.Open();
        using var create = newer.CreateCommand();
        create.CommandText = $"CREATE TABLE bus_messages(seq INTEGER PRIMARY KEY, shape_of_the_future TEXT); INSERT INTO bus_messages VALUES(1, 'x'); PRAGMA user_version = {version};";
        create.ExecuteNonQuery();
        return path;
    }

    [Fact]
    public void it_is_refused_with_a_message_naming_both_versions_and_what_to_do()
    {
        var path = Newer(SqliteDatabase.SchemaVersion + 1);

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(path));

        Assert.Contains($"schema version {SqliteDatabase.SchemaVersion + 1}, written by a newer release", error.Message);
        Assert.Contains($"reads up to version {SqliteDatabase.SchemaVersion}", error.Message);
        Assert.Contains("has not changed it", error.Message);
    }

    [Fact]
    public void the_file_is_left_exactly_as_it_was()
    {
        var path = Newer(SqliteDatabase.SchemaVersion + 1);
        var before = SHA256.HashData(File.ReadAllBytes(path));

        Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(path));

        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(SqliteDatabase.SchemaVersion + 1, SchemaText.Version(path));
    }

    [Fact]
    public void one_from_a_development_build_before_the_first_release_is_refused_saying_it_cannot_be_upgraded()
    {
        var path = Newer(1);

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(path));

        Assert.Contains("schema version 1, from a development build", error.Message);
        Assert.Contains("--data", error.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
