using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Contracts.Stock;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Sqlite;
using Hub.ReadStore.Stock;
using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Benchmarks.Stock;

/// <param name="Sorted">Batches cut from the documents in (warehouse, sku) order, as the processor publishes them; else batches of consecutive rows of the file, all warehouses mixed.</param>
/// <param name="InFlight">Calls of UpsertNewerAsync awaited at once: 1 is one commit (one fsync) per batch; more let the writer's group commit join them.</param>
/// <param name="FirstTenthPerSecond">Documents per second over the first tenth of the documents, into an empty store.</param>
/// <param name="LastTenthPerSecond">The same over the last tenth.</param>
/// <param name="DiskBytesWritten">What this process wrote to disk meanwhile (<c>write_bytes</c> of /proc/self/io): the WAL and its checkpoints.</param>
public sealed record BulkWriteResult(
    int Documents, int BatchSize, bool Sorted, int InFlight, double Seconds, long Written, long Commits, long DatabaseBytes,
    double FirstTenthPerSecond, double LastTenthPerSecond, long DiskBytesWritten)
{
    public double DocumentsPerSecond => Documents / Seconds;
}

/// <summary>
/// The yardstick for the projection: the same rows, as the same <c>stock-levels</c> documents the projection writes, put
/// straight into a fresh SQLite read store (Standalone's SqliteDatabase, SqliteWriter and SqliteReadStore, in this process)
/// with <see cref="SqliteReadStore.UpsertNewerAsync"/>: no bus, no HTTP, no events.
/// </summary>
public static class BareBulkWrite
{
    /// <summary>The documents StockLevelProjection would write for <paramref name="csv"/>, built before any clock starts.</summary>
    public static IReadOnlyList<VersionedDocument> Documents(string csv, OperatorRegistration op, string reportId, DateTimeOffset receivedAt)
    {
        var documents = new List<VersionedDocument>();
        using var stream = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = TabularReaders.Open(stream, Path.GetFileName(csv), new TabularReaderOptions());
        if (StockHeaderMapper.Map(reader.Header, op) is not StockHeaderMapping.Mapped mapped)
            throw new InvalidOperationException("the generated header was rejected");
        var validator = new StockRowValidator(mapped.Map, op);
        while (reader.TryReadRow(out var row))
        {
            if (validator.Validate(row) is not StockRowResult.Valid { Line: var line }) continue;
            var asOf = line.AsOf ?? receivedAt;
            var view = new StockLevelView(line.Warehouse, line.Sku, op.Id, line.OnHand, line.Available, line.Reserved, line.Unsellable, line.Inbound,
                line.Description, line.Unit, asOf, receivedAt, reportId,
                line.Lot is null && line.Expiry is null ? null
                    : [new StockLotLine(line.Lot, line.OnHand, line.Available, line.Reserved, line.Unsellable, line.Inbound, line.Expiry)]);
            documents.Add(new VersionedDocument(line.Warehouse, line.Sku, StockLevelProjection.Version(asOf, receivedAt),
                JsonSerializer.Serialize(view, BenchmarkJsonContext.Default.StockLevelView)));
        }
        return documents;
    }

    public static async Task<BulkWriteResult> RunAsync(IReadOnlyList<VersionedDocument> documents, int batchSize, bool sorted, int inFlight)
    {
        var folder = Path.Combine(Path.GetTempPath(), "hub-bench-bulk-" + Guid.NewGuid().ToString("N"));
        try
        {
            var database = new SqliteDatabase(Path.Combine(folder, "hub.db"));
            var batches = sorted ? SortedBatches(documents, batchSize) : documents.Chunk(batchSize).ToList();
            long written = 0;
            double seconds;
            long commits;
            var tenth = Math.Max(1, documents.Count / 10);
            double firstTenth = 0, lastTenthStart = 0;
            var diskBefore = DiskBytesWritten();
            await using (var writer = new SqliteWriter(database, NullLogger<SqliteWriter>.Instance))
            using (var readers = new SqliteReaders(database))
            {
                var store = new SqliteReadStore(database, readers, writer);
                var commitsBefore = writer.Commits;
                var pending = new Queue<(Task<int> Task, int Count)>();
                var clock = Stopwatch.StartNew();
                var completed = 0;
                // Batches commit in the order sent (one writer, first in first out), so awaiting them in order times each closely.
                async Task CompleteOneAsync()
                {
                    var (task, count) = pending.Dequeue();
                    written += await task.ConfigureAwait(false);
                    if (completed < tenth && completed + count >= tenth) firstTenth = clock.Elapsed.TotalSeconds;
                    if (completed < documents.Count - tenth && completed + count >= documents.Count - tenth) lastTenthStart = clock.Elapsed.TotalSeconds;
                    completed += count;
                }
                foreach (var batch in batches)
                {
                    while (pending.Count >= inFlight) await CompleteOneAsync().ConfigureAwait(false);
                    pending.Enqueue((store.UpsertNewerAsync(StockLevelProjection.Container, batch), batch.Length));
                }
                while (pending.Count > 0) await CompleteOneAsync().ConfigureAwait(false);
                seconds = clock.Elapsed.TotalSeconds;
                commits = writer.Commits - commitsBefore;
            }
            var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
            return new BulkWriteResult(documents.Count, batchSize, sorted, inFlight, seconds, written, commits, bytes,
                tenth / Math.Max(firstTenth, 1e-6), tenth / Math.Max(seconds - lastTenthStart, 1e-6), DiskBytesWritten() - diskBefore);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// As the processor publishes them: every document in (warehouse, sku) order (<c>SortedStockLines</c>' order), then cut
    /// into batches that never span two warehouses (the publisher keeps one batch per warehouse).
    /// </summary>
    private static List<VersionedDocument[]> SortedBatches(IReadOnlyList<VersionedDocument> documents, int batchSize) =>
        documents
            .OrderBy(d => d.PartitionKey, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)
            .GroupBy(d => d.PartitionKey, StringComparer.Ordinal)
            .SelectMany(warehouse => warehouse.Chunk(batchSize))
            .ToList();

    private static long DiskBytesWritten()
    {
        try
        {
            var line = File.ReadLines("/proc/self/io").FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["write_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>The read store's JSON shape (camelCase, no nulls), as Hub.ReadStore's own (internal) context writes it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StockLevelView))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
