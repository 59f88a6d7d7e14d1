using System.Collections.Concurrent;
using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Storage;
using Hub.Embedded.Sqlite;
using Hub.Embedded.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Embedded.Tests.Schema;

/// <summary>
/// A copy of the data folder the schema-6 release wrote (Fixtures/data-folder-schema-6, see its README), opened by this
/// build: whatever steps lie between, everything it held is still there and still works.
/// </summary>
public sealed class when_a_schema_6_data_folder_is_opened : IAsyncDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "data-folder-schema-6");
    private readonly EmbeddedHub _hub = new(copyOf: Fixture);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private static readonly string[] PendingEventIds =
    [
        "ord_8d3e268a77669c3ac1fe096f6a204ab5", "ord_5399a8b2b106db880477701926a3e380", "ord_b002ea8ff106acc774d050c8e051b520",
        "ord_3ca34eed0246c1ef3ed6bde4bf7a8060", "ord_e4b8ff4828b2b0930e09b08a265674a4", "ord_7e37635180e704634d8feb74dbc8bf08",
    ];

    [Fact]
    public async Task it_is_upgraded_to_this_builds_schema_exactly_as_a_fresh_folder_has_it()
    {
        await using var fresh = new EmbeddedHub();

        Assert.Equal(SqliteDatabase.SchemaVersion, SchemaText.Version(_hub.DatabasePath));
        Assert.Equal(SchemaText.Of(fresh.DatabasePath), SchemaText.Of(_hub.DatabasePath));
    }

    [Fact]
    public void the_checked_in_fixture_itself_is_never_opened()
    {
        // Read from the file's header (user_version, big-endian at offset 60): opening it with SQLite, even read-only,
        // would leave -wal and -shm files beside it.
        var header = new byte[64];
        using (var file = File.OpenRead(Path.Combine(Fixture, "hub.db"))) file.ReadExactly(header);
        Assert.Equal(6, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(60)));
        Assert.False(File.Exists(Path.Combine(Fixture, "hub.db-wal")));
        Assert.NotEqual(Path.GetFullPath(Fixture), Path.GetFullPath(_hub.Folder));
    }

    [Fact]
    public async Task every_order_is_found_with_its_latest_version()
    {
        var orders = await _hub.ReadStore().QueryAsync(new DocumentQuery("orders") { PageSize = 50 }, Ct);

        Assert.Equal(["hz-machinery/HZ-2001", "nb-textiles/NB-30045", "wz-footwear/WZ-7001", "zj-industrial/ZJ-1001"],
            orders.Items.Select(o => $"{o.PartitionKey}/{o.Id}"));
        var updated = await _hub.ReadStore().GetAsync("orders", "zj-industrial", "ZJ-1001", Ct);
        using var json = JsonDocument.Parse(updated!.Json);
        Assert.Equal(3, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("shipped", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task every_stock_level_is_found()
    {
        var levels = await _hub.ReadStore().QueryAsync(new DocumentQuery(ReadStoreContainers.StockLevels) { PageSize = 100 }, Ct);
        var pumps = await _hub.ReadStore().QueryAsync(new DocumentQuery(ReadStoreContainers.StockLevels) { Id = "ZJ-PUMP-001" }, Ct);

        Assert.Equal(17, levels.Items.Count);
        Assert.Equal(["DE-HAM-01", "GB-FXT-01", "GB-MAN-02", "US-LAX-01"], pumps.Items.Select(l => l.PartitionKey));
        using var json = JsonDocument.Parse(pumps.Items[0].Json);
        Assert.Equal(200, json.RootElement.GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task every_report_is_found_with_its_upload_and_its_errors_csv()
    {
        var reports = await _hub.ReadStore().QueryAsync(new DocumentQuery(ReadStoreContainers.StockReports), Ct);
        var blobs = _hub.Blobs();

        Assert.Equal(3, reports.Items.Count);
        foreach (var report in reports.Items)
        {
            using var json = JsonDocument.Parse(report.Json);
            var upload = json.RootElement.GetProperty("blobName").GetString()!;
            Assert.NotNull(await blobs.GetInfoAsync(StockReportBlobs.Reports, upload, Ct));
            Assert.NotNull(await blobs.GetInfoAsync(StockReportBlobs.Errors, $"{report.PartitionKey}/{report.Id}.csv", Ct));
        }
        var withErrors = Assert.Single(reports.Items, r => r.PartitionKey == "uk-fulfil");
        using (var json = JsonDocument.Parse(withErrors.Json))
        {
            Assert.Equal("completed-with-errors", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(4, json.RootElement.GetProperty("rowsRejected").GetInt32());
        }
        await using var csv = (await blobs.OpenReadAsync(StockReportBlobs.Errors, $"uk-fulfil/{withErrors.Id}.csv", Ct))!;
        var lines = (await new StreamReader(csv).ReadToEndAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Contains("duplicate of row 6", lines[4]);
    }

    [Fact]
    public async Task every_delivery_it_accepted_is_still_recognised()
    {
        // The fixture's deliveries were recorded on 2026-12-07: seen from a day later, not from whenever the test runs.
        var store = _hub.Idempotency(new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero)));

        foreach (var id in PendingEventIds)
            Assert.Equal(id, await store.FindAsync("order-webhook", id, Ct));
        Assert.Null(await store.FindAsync("order-webhook", "ord_never_delivered", Ct));
    }

    [Fact]
    public async Task the_messages_pending_on_partner_push_are_delivered_in_order_then_completed_and_gone()
    {
        var delivered = new ConcurrentQueue<string>();
        _hub.Subscribe(Topics.Orders, TestConsumers.PartnerPush, (e, _) => { delivered.Enqueue(e.Id!); return Task.CompletedTask; });

        await Eventually.Until(() => delivered.Count == PendingEventIds.Length, "the six pending order events are delivered");
        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages") == 0,
            "every message is completed by its last subscription and deleted");

        Assert.Equal(PendingEventIds.Order(), delivered.Order());
        var zj = delivered.Where(id => PendingEventIds[..3].Contains(id)).ToArray();
        Assert.Equal(PendingEventIds[..3], zj);
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_completions"));
    }
}
