using System.Diagnostics;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.StockReports.Errors;
using Hub.StockReports.Intake;
using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Processing;

/// <summary>
/// Runs one received report: reads and checks every row, then publishes the stock levels and settles the status.
/// Every way in (upload, blob, inbox) ends here.
/// </summary>
/// <remarks>
/// Two passes, so that memory stays bounded however large the file:
/// <list type="number">
/// <item>Read: each row is validated; bad rows go to errors.csv, valid lines into sorted runs (<see cref="SortedStockLines"/>).
/// The file's SHA-256 is checked against the one it was received with.</item>
/// <item>Publish: the runs are merged in (warehouse, sku, lot, row) order; the rows of one SKU (its lots) arrive together,
/// are summed, and a row repeating the (warehouse, sku, lot) of the row before it is refused (<see cref="SkuStockLevel"/>);
/// each warehouse's stock levels go out in batches of neighbouring SKUs.</item>
/// </list>
/// A structurally unreadable file is <c>rejected</c> in the first pass, before anything is published. Running a report
/// again (after a crash) publishes the same events, which change nothing the second time.
/// </remarks>
public sealed class StockReportProcessor(
    IBlobStore blobs,
    IEventBus bus,
    StockReportStatusStore statuses,
    HubRegistry registry,
    StockReportWorkFolder work,
    TimeProvider clock,
    IOptions<StockReportOptions> options,
    ILogger<StockReportProcessor> logger,
    Hub.Core.Telemetry.HubMetrics? metrics = null)
{
    private readonly StockReportOptions _options = options.Value;

    /// <summary>Where a run's time went; logged when the report settles (the benchmark reads it there).</summary>
    private sealed class StageTimes
    {
        public TimeSpan ReadPass { get; set; }
        public TimeSpan Publish { get; set; }
    }

    public async Task<StockReportStatus> RunAsync(string operatorId, string reportId, CancellationToken cancellationToken)
    {
        var (received, etag) = await statuses.GetForUpdateAsync(operatorId, reportId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No stock report '{reportId}' of operator '{operatorId}' was received.");
        if (StockReportStatuses.IsSettled(received.Status)) return received;

        var started = received with
        {
            Status = StockReportStatuses.Processing,
            StartedAt = clock.GetUtcNow(),
            Attempts = received.Attempts + 1,
            RowsRead = 0,
            Reason = null,
        };
        // Every write of this run goes over the version it wrote last. Another run of the same report (a second Event
        // Grid delivery, a restarted host) that writes in between takes the report over; this one then stops where it
        // is, rather than writing its progress or its end over the other's. What both publish is the same, by id.
        var run = new ReportRun(statuses, etag);
        try
        {
            await run.UpdateAsync(started, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Stock report {ReportId} of {OperatorId} ({FileName}): processing, attempt {Attempt}",
                reportId, operatorId, started.FileName, started.Attempts);

            StockReportStatus settled;
            var times = new StageTimes();
            try
            {
                settled = await ProcessAsync(started, run, times, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Left as processing: the next start of the host runs it again.
                throw;
            }
            catch (Exception e) when (e is EventBusUnavailableException or IOException or InvalidOperationException)
            {
                logger.LogError(e, "Stock report {ReportId} failed", reportId);
                settled = started with
                {
                    Status = StockReportStatuses.Failed,
                    CompletedAt = clock.GetUtcNow(),
                    Reason = $"processing stopped on a fault of the hub, not of the file ({e.Message}); it is retried, and you may upload the same file again to run it again",
                };
            }

            await run.UpdateAsync(settled, CancellationToken.None).ConfigureAwait(false);
            metrics?.StockReportRows(operatorId, settled.RowsRead, settled.RowsRejected ?? 0);
            logger.LogInformation("Stock report {ReportId}: {Status}, {Accepted} of {Total} rows accepted{Reason}; read pass {ReadSeconds:F3} s, publish {PublishSeconds:F3} s",
                reportId, settled.Status, settled.RowsAccepted, settled.RowsTotal, settled.Reason is null ? "" : $" ({settled.Reason})",
                times.ReadPass.TotalSeconds, times.Publish.TotalSeconds);
            return settled;
        }
        catch (ReportTakenOverException)
        {
            var current = await statuses.GetAsync(operatorId, reportId, CancellationToken.None).ConfigureAwait(false) ?? started;
            logger.LogInformation("Stock report {ReportId} of {OperatorId} was taken over by another run (now {Status}); this run stops",
                reportId, operatorId, current.Status);
            return current;
        }
    }

    /// <summary>One run's hold on its report's status: the ETag of the version it wrote last.</summary>
    private sealed class ReportRun(StockReportStatusStore statuses, string etag)
    {
        public async Task UpdateAsync(StockReportStatus status, CancellationToken cancellationToken) =>
            etag = await statuses.ReplaceAsync(status, etag, cancellationToken).ConfigureAwait(false) ?? throw new ReportTakenOverException();
    }

    /// <summary>Another run wrote the report's status since this one last did.</summary>
    private sealed class ReportTakenOverException : Exception;

    private async Task<StockReportStatus> ProcessAsync(StockReportStatus report, ReportRun run, StageTimes times, CancellationToken cancellationToken)
    {
        if (registry.FindOperator(report.OperatorId) is not { } op)
            return Rejected(report, $"operator '{report.OperatorId}' is not registered");

        Directory.CreateDirectory(work.Path);
        var errorsPath = Path.Combine(work.Path, $"{report.ReportId}-{Guid.NewGuid():N}.errors.csv");
        try
        {
            using var lines = new SortedStockLines(work.Path);
            var errorsUrl = $"/api/warehouses/{Uri.EscapeDataString(report.OperatorId)}/stock-reports/{report.ReportId}/errors.csv";
            (long Rows, string? Rejection, IReadOnlyList<string>? Warnings) read;
            Published published = new(0, 0, [], null);
            long rejected;
            IReadOnlyList<StockRowErrorView> firstErrors;
            await using (var errors = new RowErrorSink(errorsPath))
            {
                var watch = Stopwatch.StartNew();
                read = await ReadAsync(report, run, op, lines, errors, cancellationToken).ConfigureAwait(false);
                var readTime = watch.Elapsed;
                watch.Restart();
                if (read.Rejection is null)
                    published = await PublishAsync(report with { RowsRead = read.Rows }, run, op, lines, errors, cancellationToken).ConfigureAwait(false);
                (times.ReadPass, times.Publish) = (readTime, watch.Elapsed);
                (rejected, firstErrors) = (errors.RejectedRows, errors.First);
            }

            // Always written, so that errorsUrl of a settled report answers (with the header alone when no row was refused).
            await using (var errors = File.OpenRead(errorsPath))
                await blobs.UploadAsync(StockReportBlobs.Errors, ErrorsBlobName(report), errors, cancellationToken).ConfigureAwait(false);
            if (read.Rejection is { } reason) return Rejected(report with { RowsRead = read.Rows, ErrorsUrl = errorsUrl }, reason);

            return report with
            {
                Status = rejected > 0 ? StockReportStatuses.CompletedWithErrors : StockReportStatuses.Completed,
                CompletedAt = clock.GetUtcNow(),
                RowsRead = read.Rows,
                RowsTotal = read.Rows,
                RowsAccepted = read.Rows - rejected,
                RowsRejected = rejected,
                StockLevels = published.Levels,
                Warehouses = published.Warehouses,
                LowStockAlerts = published.LowStock,
                Errors = firstErrors,
                ErrorsUrl = errorsUrl,
                Warnings = JoinedWarnings(read.Warnings, published.Warnings),
            };
        }
        finally
        {
            File.Delete(errorsPath);
        }
    }

    /// <summary>What the read pass noticed (ignored columns) before what the publish did (SKUs without their lots); null when neither said anything.</summary>
    private static IReadOnlyList<string>? JoinedWarnings(IReadOnlyList<string>? read, IReadOnlyList<string>? published) =>
        (read, published) switch
        {
            ({ Count: > 0 }, { Count: > 0 }) => [.. read, .. published],
            ({ Count: > 0 }, _) => read,
            _ => published is { Count: > 0 } ? published : null,
        };

    public static string ErrorsBlobName(StockReportStatus report) => $"{report.OperatorId}/{report.ReportId}.csv";

    /// <summary>The first pass: every row validated, refused ones to <paramref name="errors"/>, valid ones into sorted runs.</summary>
    private async Task<(long Rows, string? Rejection, IReadOnlyList<string>? Warnings)> ReadAsync(
        StockReportStatus report, ReportRun run, OperatorRegistration op, SortedStockLines lines, RowErrorSink errors, CancellationToken cancellationToken)
    {
        long rows = 0;
        StockHeaderMap? map = null;
        var content = await blobs.OpenReadAsync(StockReportBlobs.Reports, report.BlobName, cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"the file '{report.BlobName}' is no longer in the '{StockReportBlobs.Reports}' container");
        await using (content.ConfigureAwait(false))
        using (var hashing = new HashingReadStream(content))
        {
            try
            {
                using var reader = TabularReaders.Open(hashing, report.FileName, ReaderOptions(op) with { WorkPath = work.Path });
                var mapping = StockHeaderMapper.Map(reader.Header, op);
                if (mapping is StockHeaderMapping.Rejected header) return (0, header.Reason + DelimiterHint(reader.Header, op), null);
                map = ((StockHeaderMapping.Mapped)mapping).Map;
                var validator = new StockRowValidator(map, op);
                var latestAsOf = clock.GetUtcNow() + _options.MaxAsOfAhead;

                while (reader.TryReadRow(out var row))
                {
                    rows++;
                    switch (validator.Validate(row))
                    {
                        case StockRowResult.Valid { Line.AsOf: { } asOf } when asOf > latestAsOf:
                            errors.Reject(new RowError(row.RowNumber, StockColumns.AsOf, map.CellOf(row.Cells, StockColumns.AsOf),
                                $"as_of is later than the hub's clock allows ({latestAsOf:yyyy-MM-dd'T'HH:mm'Z'}, {_options.MaxAsOfAhead.TotalHours:0.##} h ahead of now); "
                                + "a stock count cannot be from the future, and a level dated ahead would stand against every later report"));
                            break;
                        case StockRowResult.Valid { Line: var line }:
                            lines.Add(line);
                            break;
                        case StockRowResult.Invalid { Errors: var rowErrors }:
                            errors.Reject(rowErrors);
                            break;
                    }

                    if (rows % _options.ProgressEveryRows == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await run.UpdateAsync(report with { RowsRead = rows }, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (UnreadableReportException e)
            {
                return (rows, e.Message, null);
            }

            // Whatever the reader left unread (an XLSX's trailing parts) still counts towards the checksum.
            await hashing.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            if (hashing.Sha256Hex() is var now && now != report.Sha256)
                return (rows, $"the file '{report.BlobName}' changed after it was received (SHA-256 {report.Sha256[..12]}… then, {now[..12]}… now); send the new file as a report of its own", null);
            if (rows == 0) return (0, "the file has a header but no data rows", null);
        }

        return (rows, null, map is null ? null : StockHeaderMapper.Warnings(map));
    }

    /// <summary>
    /// The second pass: lines in (warehouse, sku, lot, row) order. A SKU's rows arrive together and are summed as they pass;
    /// a row repeating the (warehouse, sku, lot) of an earlier one comes right after it and is refused (the earlier stands).
    /// Nothing is held beyond one SKU's stock level and the batches being filled, whatever the file repeats.
    /// </summary>
    private async Task<Published> PublishAsync(
        StockReportStatus report, ReportRun run, OperatorRegistration op, SortedStockLines lines, RowErrorSink errors, CancellationToken cancellationToken)
    {
        var warehouses = op.Warehouses.ToDictionary(w => w, w => w, StringComparer.Ordinal);
        string Intern(string warehouse) => warehouses.TryGetValue(warehouse, out var known) ? known : warehouse;

        StockReportedPublisher? publisher = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var level = new SkuStockLevel(_options.MaxEventDataBytes);
        var warnings = new ReportWarnings();
        var count = 0;

        async ValueTask FlushLevelAsync()
        {
            if (level.IsEmpty) return;
            var first = level.First;
            // The report's as-of: its first line's, so that a report whose rows all give the same as-of states it once.
            publisher ??= new StockReportedPublisher(bus, report, op, first.AsOf ?? report.ReceivedAt, _options.MaxEventDataBytes);
            var (line, leftOut) = level.Build(report.ReceivedAt, publisher.ReportAsOf);
            if (leftOut)
            {
                warnings.Add($"{first.Warehouse}/{first.Sku} has {level.LotCount} lots, more than one stock.reported event carries "
                    + $"({_options.MaxEventDataBytes} bytes): its totals are published, its lot breakdown is left out");
                logger.LogWarning("Report {ReportId}: {Warehouse}/{Sku} has {Lots} lots, too many for one event; its lot breakdown is left out",
                    report.ReportId, first.Warehouse, first.Sku, level.LotCount);
            }

            await publisher.AddAsync(first.Warehouse, line, cancellationToken).ConfigureAwait(false);
            seen.Add(first.Warehouse);
            level.Clear();
        }

        foreach (var line in lines.ReadSorted(Intern))
        {
            if (!level.IsEmpty && (line.Sku != level.First.Sku || line.Warehouse != level.First.Warehouse))
                await FlushLevelAsync().ConfigureAwait(false);
            if (level.Add(line) is { } repeated) errors.Reject(repeated);
            if (++count % _options.ProgressEveryRows == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Progress of the second pass: the stock levels published so far.
                await run.UpdateAsync(report with { StockLevels = publisher?.Levels ?? 0 }, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushLevelAsync().ConfigureAwait(false);
        await errors.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (publisher is null) return new Published(0, 0, [], warnings.ToList());
        await publisher.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return new Published(publisher.Levels, publisher.LowStock, op.Warehouses.Where(seen.Contains).ToList(), warnings.ToList());
    }

    private sealed record Published(long Levels, int LowStock, IReadOnlyList<string> Warehouses, IReadOnlyList<string>? Warnings);

    private StockReportStatus Rejected(StockReportStatus report, string reason) => report with
    {
        Status = StockReportStatuses.Rejected,
        CompletedAt = clock.GetUtcNow(),
        RowsTotal = report.RowsRead,
        RowsAccepted = 0,
        RowsRejected = report.RowsRead,
        Reason = reason,
    };

    /// <summary>When a declared delimiter left the header in one cell that another delimiter would split, says so.</summary>
    private static string DelimiterHint(IReadOnlyList<string> header, OperatorRegistration op)
    {
        if (ReaderOptions(op).Delimiter is not { } declared || header.Count != 1) return "";
        var other = new[] { ',', ';', '\t' }.FirstOrDefault(d => d != declared && header[0].Contains(d));
        return other == default ? ""
            : $"; the operator profile declares {Shown(declared)} as the delimiter, but the header line looks {Shown(other)}-delimited";

        static string Shown(char d) => d == '\t' ? "tab" : $"'{d}'";
    }

    public static TabularReaderOptions ReaderOptions(OperatorRegistration op) => new()
    {
        // The registry accepts ',', ';' and a tab, written as a tab or as the two characters \t.
        Delimiter = op.Delimiter switch { null or "" => null, "\\t" => '\t', var d => d[0] },
        Encoding = op.Encoding,
        SheetName = op.SheetName,
        RateHeader = StockHeaderMapper.RateHeader(op),
    };
}
