using System.Globalization;

namespace Hub.StockReports.Rows;

/// <summary>One lot of a <see cref="StockItem"/>, as its row reported it.</summary>
public sealed record StockLot(
    long Row,
    string? Lot,
    long OnHand,
    long? Available,
    long? Reserved,
    long? Unsellable,
    long? Inbound,
    DateOnly? Expiry);

/// <summary>The stock of one SKU in one warehouse in a report: quantities summed over its lots, and the lots themselves.</summary>
/// <param name="Description">The first description given by any of its rows.</param>
/// <param name="Unit">The first unit given by any of its rows.</param>
/// <param name="AsOf">The latest as-of given by any of its rows; null when none gives one.</param>
public sealed record StockItem(
    string Warehouse,
    string Sku,
    long OnHand,
    long? Available,
    long? Reserved,
    long? Unsellable,
    long? Inbound,
    string? Description,
    string? Unit,
    DateTimeOffset? AsOf,
    IReadOnlyList<StockLot> Lots);

/// <summary>
/// Gathers the valid lines of one report into one <see cref="StockItem"/> per (warehouse, sku).
/// </summary>
/// <remarks>
/// Lines of the same (warehouse, sku) with different lots (no lot counts as a lot of its own) are summed, a missing
/// quantity adding nothing (null + 5 = 5, null + null = null), and each lot is kept. A second line for the same
/// (warehouse, sku, lot) is refused: with the same values it is a "duplicate of row N", with others it "conflicts with row N";
/// the first line stands either way, since neither can be known to be the correction.
/// Memory: one entry per (warehouse, sku), holding one small record per lot, so it grows with the distinct SKU-lots of a
/// report, not with its rows or its bytes.
/// </remarks>
public sealed class StockSnapshotBuilder
{
    private readonly OrderedDictionary<(string Warehouse, string Sku), Entry> _entries = new();

    /// <summary>The number of (warehouse, sku) entries so far.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds a line; returns the error when the line repeats or contradicts an earlier one, and then changes nothing.</summary>
    public RowError? Add(StockLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!_entries.TryGetValue((line.Warehouse, line.Sku), out var entry))
        {
            _entries[(line.Warehouse, line.Sku)] = entry = new Entry(line.Warehouse, line.Sku);
        }

        if (entry.Lines.TryGetValue(line.Lot ?? "", out var earlier)) return Repeated(earlier, line);

        entry.Add(line);
        return null;
    }

    /// <summary>The error for <paramref name="line"/>, which repeats the (warehouse, sku, lot) of <paramref name="earlier"/>.</summary>
    public static RowError Repeated(StockLine earlier, StockLine line)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(line);
        var same = earlier with { Row = line.Row } == line;
        var column = line.Lot is null ? StockColumns.Sku : StockColumns.Lot;
        var value = line.Lot ?? line.Sku;
        return new RowError(line.Row, column, value, same
            ? $"duplicate of row {earlier.Row}"
            : $"conflicts with row {earlier.Row}, which gives the same warehouse, sku and lot other values: {Differences(earlier, line)}");
    }

    /// <summary>The items gathered, in the order their first line arrived.</summary>
    public IReadOnlyList<StockItem> Build() => _entries.Values.Select(e => e.ToItem()).ToList();

    private static string Differences(StockLine earlier, StockLine line)
    {
        var differences = new List<string>();
        void Compare<T>(string column, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                differences.Add($"{column} {Shown(a)} there, {Shown(b)} here");
            }
        }

        Compare(StockColumns.OnHand, earlier.OnHand, line.OnHand);
        Compare(StockColumns.Available, earlier.Available, line.Available);
        Compare(StockColumns.Reserved, earlier.Reserved, line.Reserved);
        Compare(StockColumns.Unsellable, earlier.Unsellable, line.Unsellable);
        Compare(StockColumns.Inbound, earlier.Inbound, line.Inbound);
        Compare(StockColumns.Expiry, earlier.Expiry, line.Expiry);
        Compare(StockColumns.Description, earlier.Description, line.Description);
        Compare(StockColumns.Unit, earlier.Unit, line.Unit);
        Compare(StockColumns.AsOf, earlier.AsOf, line.AsOf);
        return string.Join("; ", differences);
    }

    private static string Shown<T>(T value) => value switch
    {
        null => "empty",
        IFormattable f => f.ToString(value is DateTimeOffset ? "O" : value is DateOnly ? "yyyy-MM-dd" : null, CultureInfo.InvariantCulture),
        _ => $"'{value}'",
    };

    private sealed class Entry(string warehouse, string sku)
    {
        // Keyed by lot, "" standing for no lot: the validator turns an empty lot into null.
        public OrderedDictionary<string, StockLine> Lines { get; } = new(StringComparer.Ordinal);

        private long _onHand;
        private long? _available;
        private long? _reserved;
        private long? _unsellable;
        private long? _inbound;
        private string? _description;
        private string? _unit;
        private DateTimeOffset? _asOf;

        public void Add(StockLine line)
        {
            Lines[line.Lot ?? ""] = line;
            _onHand += line.OnHand;
            _available = Sum(_available, line.Available);
            _reserved = Sum(_reserved, line.Reserved);
            _unsellable = Sum(_unsellable, line.Unsellable);
            _inbound = Sum(_inbound, line.Inbound);
            _description ??= line.Description;
            _unit ??= line.Unit;
            if (line.AsOf is { } asOf && (_asOf is null || asOf > _asOf))
            {
                _asOf = asOf;
            }
        }

        public StockItem ToItem() => new(
            warehouse, sku, _onHand, _available, _reserved, _unsellable, _inbound, _description, _unit, _asOf,
            Lines.Values.Select(l => new StockLot(l.Row, l.Lot, l.OnHand, l.Available, l.Reserved, l.Unsellable, l.Inbound, l.Expiry)).ToList());

        private static long? Sum(long? a, long? b) => a is null ? b : b is null ? a : a + b;
    }
}
