using Hub.Contracts.Stock;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Processing;

/// <summary>
/// One (warehouse, sku)'s stock level, gathered from its lines as the merge passes them in (lot, row) order, holding at
/// most one event's worth of them whatever the file repeats.
/// </summary>
/// <remarks>
/// In (lot, row) order a line repeating an earlier one's (warehouse, sku, lot) comes right after the first line of that
/// lot, so finding it needs that one line, not every line seen: a million repeats of one row cost what one does. The sums
/// run as lines pass. The lot breakdown is kept while it fits one <c>stock.reported</c> event (a SKU travels in exactly
/// one); past that only the sums are kept, and <see cref="Build"/> says the breakdown was left out, for the status to show.
/// </remarks>
public sealed class SkuStockLevel(int maxDataBytes)
{
    private readonly List<StockLotLine> _lots = [];
    private StockLine? _first;
    private StockLine? _lotFirst;
    private int _lotBytes;
    private long _onHand;
    private long? _available;
    private long? _reserved;
    private long? _unsellable;
    private long? _inbound;
    private (long Row, string? Text) _description;
    private (long Row, string? Text) _unit;
    private DateTimeOffset? _asOf;

    public bool IsEmpty => _first is null;

    /// <summary>The first line taken (the first lot's first row); only while not <see cref="IsEmpty"/>.</summary>
    public StockLine First => _first ?? throw new InvalidOperationException("No line was added.");

    /// <summary>The distinct lots taken (no lot counts as one).</summary>
    public int LotCount { get; private set; }

    /// <summary>Adds the next line of this (warehouse, sku); returns the error when it repeats its lot, and then changes nothing.</summary>
    public RowError? Add(StockLine line)
    {
        if (_lotFirst is { } current && current.Lot == line.Lot) return StockSnapshotBuilder.Repeated(current, line);

        _lotFirst = line;
        _first ??= line;
        LotCount++;
        _onHand += line.OnHand;
        _available = Sum(_available, line.Available);
        _reserved = Sum(_reserved, line.Reserved);
        _unsellable = Sum(_unsellable, line.Unsellable);
        _inbound = Sum(_inbound, line.Inbound);
        // The first given in the file's order, as a SKU's rows would be read, whatever order the lots pass in.
        _description = Earliest(_description, line.Row, line.Description);
        _unit = Earliest(_unit, line.Row, line.Unit);
        if (line.AsOf is { } asOf && (_asOf is null || asOf > _asOf)) _asOf = asOf;

        if (_lotBytes <= maxDataBytes)
        {
            var lot = LotOf(line);
            _lotBytes += StockEventSize.Of(lot);
            if (_lotBytes <= maxDataBytes) _lots.Add(lot);
            else _lots.Clear();
        }

        return null;
    }

    /// <summary>The stock level to publish, and whether its lot breakdown had to be left out to fit one event.</summary>
    public (StockLevelLine Line, bool BreakdownLeftOut) Build(DateTimeOffset receivedAt, DateTimeOffset reportAsOf)
    {
        var first = First;
        if (LotCount == 1)
        {
            return (new StockLevelLine(
                first.Sku, first.OnHand, first.Available, first.Reserved, first.Unsellable, first.Inbound, first.Description, first.Unit,
                OwnAsOf(first.AsOf, receivedAt, reportAsOf),
                first.Lot is null && first.Expiry is null ? null : [LotOf(first)]), false);
        }

        var summed = new StockLevelLine(
            first.Sku, _onHand, _available, _reserved, _unsellable, _inbound, _description.Text, _unit.Text, OwnAsOf(_asOf, receivedAt, reportAsOf));
        var withLots = _lotBytes <= maxDataBytes ? summed with { Lots = _lots.ToList() } : null;
        return withLots is not null && StockEventSize.Of(withLots) + StockReportedPublisher.DataFrame <= maxDataBytes
            ? (withLots, false)
            : (summed, true);
    }

    /// <summary>Ready for the next (warehouse, sku).</summary>
    public void Clear()
    {
        _lots.Clear();
        (_first, _lotFirst, _lotBytes, LotCount) = (null, null, 0, 0);
        (_onHand, _available, _reserved, _unsellable, _inbound, _asOf) = (0, null, null, null, null, null);
        (_description, _unit) = (default, default);
    }

    /// <summary>A line's as-of only when it differs from the report's, which the event states once.</summary>
    private static DateTimeOffset? OwnAsOf(DateTimeOffset? asOf, DateTimeOffset receivedAt, DateTimeOffset reportAsOf) =>
        (asOf ?? receivedAt) is var own && own == reportAsOf ? null : own;

    private static StockLotLine LotOf(StockLine line) =>
        new(line.Lot, line.OnHand, line.Available, line.Reserved, line.Unsellable, line.Inbound, line.Expiry);

    private static (long Row, string? Text) Earliest((long Row, string? Text) kept, long row, string? text) =>
        text is not null && (kept.Text is null || row < kept.Row) ? (row, text) : kept;

    private static long? Sum(long? a, long? b) => a is null ? b : b is null ? a : a + b;
}
