using Hub.Contracts;
using Hub.Embedded.Messaging;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Testing;

/// <summary>
/// The real <see cref="SqliteReadStore"/> over a file in a folder of its own, removed on dispose; and, for tests that need it,
/// the real embedded bus over the same file (<see cref="CreateBus"/>), as Standalone has them.
/// </summary>
public sealed class TemporaryReadStore : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"hub-readstore-{Guid.NewGuid():N}");
    private readonly SqliteDatabase _database;
    private readonly SqliteReaders _readers;
    private readonly SqliteWriter _writer;

    public TemporaryReadStore()
    {
        _database = new SqliteDatabase(Path.Combine(_folder, "hub.db"));
        _readers = new SqliteReaders(_database);
        _writer = new SqliteWriter(_database, NullLogger<SqliteWriter>.Instance);
        Store = new SqliteReadStore(_database, _readers, _writer);
    }

    public SqliteReadStore Store { get; }

    /// <summary>The database itself, for a test that looks into the bus's tables.</summary>
    public SqliteDatabase Database => _database;

    /// <summary>The embedded bus over the same database and writer, with the subscriptions of <paramref name="consumers"/>.</summary>
    public SqliteEventBus CreateBus(IReadOnlyList<Consumer> consumers, EmbeddedBusOptions? options = null) =>
        new(_database, _writer, Microsoft.Extensions.Options.Options.Create(options ?? new EmbeddedBusOptions()), TimeProvider.System,
            NullLogger<SqliteEventBus>.Instance, consumers);

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _readers.Dispose();
        using (var connection = new SqliteConnection(_database.ConnectionString)) SqliteConnection.ClearPool(connection);
        Directory.Delete(_folder, recursive: true);
    }
}
