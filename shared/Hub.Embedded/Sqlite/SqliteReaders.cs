using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Hub.Embedded.Sqlite;

/// <summary>
/// A small pool of read connections that keep their prepared statements, for the point reads on hot paths
/// (a webhook's idempotency look-up, a projection's read-before-write): preparing a statement costs more than
/// running it.
/// </summary>
public sealed class SqliteReaders(SqliteDatabase database) : IDisposable
{
    private const int MaxIdle = 32;
    private readonly ConcurrentBag<ReadContext> _idle = [];

    public T Read<T>(Func<ReadContext, T> read)
    {
        if (!_idle.TryTake(out var context)) context = new ReadContext(database.Open());
        try
        {
            var result = read(context);
            if (_idle.Count < MaxIdle) { _idle.Add(context); context = null; }
            return result;
        }
        finally
        {
            context?.Dispose();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var context)) context.Dispose();
    }
}

public sealed class ReadContext(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteCommand Command(string sql, params string[] parameterNames)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames) command.Parameters.Add(new SqliteParameter(name, null));
            command.Prepare();
            _commands[sql] = command;
        }
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        connection.Dispose();
    }
}
