using System.Diagnostics.CodeAnalysis;
using Hub.Core.Events;
using Hub.Embedded.Idempotency;
using Hub.Embedded.Messaging;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Embedded.Tests.Support;

/// <summary>
/// The embedded adapters over a real SQLite file in a temp folder of their own, as Standalone composes them.
/// <see cref="RestartAsync"/> stops everything and starts afresh on the same file, like a process restart.
/// </summary>
public sealed class EmbeddedHub : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"hub-embedded-{Guid.NewGuid():N}");

    /// <param name="consumers">The subscriptions the bus keeps messages for; <see cref="TestConsumers.All"/> unless given.</param>
    /// <param name="copyOf">A data folder to start from (a fixture): copied into the hub's own folder, never opened in place.</param>
    public EmbeddedHub(Action<EmbeddedBusOptions>? configure = null, IReadOnlyList<Hub.Contracts.Consumer>? consumers = null, string? copyOf = null)
    {
        if (copyOf is not null) CopyFolder(copyOf, _folder);
        Consumers = consumers ?? TestConsumers.All;
        BusOptions = new EmbeddedBusOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) };
        configure?.Invoke(BusOptions);
        Start();
    }

    public EmbeddedBusOptions BusOptions { get; }
    public string Folder => _folder;

    /// <summary>The consumer table the bus is built with; a test may change it before <see cref="RestartAsync"/>, as a new build would.</summary>
    public IReadOnlyList<Hub.Contracts.Consumer> Consumers { get; set; }
    public string DatabasePath => Path.Combine(_folder, "hub.db");
    public SqliteDatabase Database { get; private set; }
    public SqliteReaders Readers { get; private set; }
    public SqliteWriter Writer { get; private set; }
    public SqliteEventBus Bus { get; private set; }

    public SqliteReadStore ReadStore() => new(Database, Readers, Writer);

    /// <summary>The store as composed (30 days, SHA-256 fingerprints) unless a test gives its clock, window or fingerprint.</summary>
    public SqliteIdempotencyStore Idempotency(TimeProvider? time = null, TimeSpan? window = null, Func<string, string, ulong>? fingerprint = null) =>
        new(Readers, Writer, time ?? TimeProvider.System, window ?? new Hub.Core.RetentionOptions().DeliveryIds, fingerprint ?? SqliteIdempotencyStore.Fingerprint);

    public void Subscribe(string topic, string subscription, EventHandlerDelegate handler) =>
        _subscriptions.Add(Bus.Subscribe(topic, subscription, handler));

    public Hub.Embedded.Blobs.FileSystemBlobStore Blobs() => new(Path.Combine(_folder, "blobs"));

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Stops the subscriptions and the writer, then opens the same file again with new instances.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        Start();
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    public async Task<IReadOnlyList<string>> StringsAsync(string sql)
    {
        await using var connection = Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) result.Add(reader.GetString(0));
        return result;
    }

    /// <summary>Rows left in bus_deliveries for an event on a subscription: 0 once its completion is committed.</summary>
    public Task<long> PendingDeliveriesAsync(string eventId, string subscription) => ScalarAsync(
        "SELECT COUNT(*) FROM bus_deliveries d JOIN bus_messages m ON m.seq = d.seq WHERE m.event_id = $id AND d.subscription = $sub",
        ("$id", eventId), ("$sub", subscription));

    [MemberNotNull(nameof(Database), nameof(Readers), nameof(Writer), nameof(Bus))]
    private void Start()
    {
        Database = new SqliteDatabase(DatabasePath);
        Readers = new SqliteReaders(Database);
        Writer = new SqliteWriter(Database, NullLogger<SqliteWriter>.Instance);
        Bus = new SqliteEventBus(Database, Writer, Microsoft.Extensions.Options.Options.Create(BusOptions), TimeProvider.System, NullLogger<SqliteEventBus>.Instance, Consumers);
    }

    private async Task StopAsync()
    {
        foreach (var subscription in _subscriptions) await subscription.DisposeAsync();
        _subscriptions.Clear();
        await Writer.DisposeAsync();
        Readers.Dispose();
        using var pooled = new SqliteConnection(Database.ConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
