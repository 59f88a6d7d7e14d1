using Microsoft.Data.Sqlite;

namespace Hub.Embedded.Tests.Schema;

/// <summary>A database's schema as text that two databases of the same shape share: sqlite_master in a fixed order, whitespace folded.</summary>
internal static class SchemaText
{
    public static IReadOnlyList<string> Of(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master ORDER BY type, name";
        var rows = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add($"{reader.GetString(0)} {reader.GetString(1)} on {reader.GetString(2)}: {Fold(reader.GetString(3))}");
        return rows;
    }

    public static long Version(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }

    private static string Fold(string sql) => string.Join(' ', sql.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
