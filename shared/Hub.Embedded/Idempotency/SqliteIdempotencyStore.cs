using Hub.Core.Idempotency;
using Hub.Embedded.Sqlite;

namespace Hub.Embedded.Idempotency;

public sealed class SqliteIdempotencyStore(SqliteDatabase database, SqliteWriter writer, TimeProvider time) : IIdempotencyStore
{
    public async Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM idempotency WHERE scope = $s AND key = $k";
        command.Parameters.AddWithValue("$s", scope);
        command.Parameters.AddWithValue("$k", key);
        return (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task RecordAsync(string scope, string key, string value, CancellationToken cancellationToken = default)
    {
        var at = time.GetUtcNow().ToUnixTimeMilliseconds();
        return writer.WriteAsync(ctx =>
        {
            var command = ctx.Command("INSERT INTO idempotency(scope, key, value, recorded_at) VALUES($s, $k, $v, $t) ON CONFLICT DO NOTHING", "$s", "$k", "$v", "$t");
            command.Parameters["$s"].Value = scope;
            command.Parameters["$k"].Value = key;
            command.Parameters["$v"].Value = value;
            command.Parameters["$t"].Value = at;
            return command.ExecuteNonQuery();
        }).WaitAsync(cancellationToken);
    }
}
