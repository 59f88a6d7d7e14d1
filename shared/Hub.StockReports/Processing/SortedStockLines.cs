using Hub.StockReports.Rows;

namespace Hub.StockReports.Processing;

/// <summary>
/// A report's valid lines in (warehouse, sku, lot, row) order, sorted with bounded memory: lines are gathered in runs of
/// <see cref="RunSize"/>, each run sorted in memory and, once there is more than one, written to a work file; reading
/// merges the runs.
/// </summary>
/// <remarks>
/// Sorted, a warehouse's lines go out in batches that each cover one narrow range of SKUs, and the read store's index
/// takes each batch as a few neighbouring pages instead of a page per line: on a million-line report this is the
/// difference between writing the file once and writing it twenty times over. The lines of one SKU also come out
/// together, so its lots can be summed as they pass, and a repeated lot comes right after its first row.
/// </remarks>
public sealed class SortedStockLines(string folder, int runSize = SortedStockLines.DefaultRunSize) : IDisposable
{
    public const int DefaultRunSize = 100_000;

    private static readonly Comparison<StockLine> Order = (a, b) =>
    {
        var byWarehouse = string.CompareOrdinal(a.Warehouse, b.Warehouse);
        if (byWarehouse != 0) return byWarehouse;
        var bySku = string.CompareOrdinal(a.Sku, b.Sku);
        if (bySku != 0) return bySku;
        // No lot first; a lot's repeats follow its first row, where the merge finds them (SkuStockLevel).
        var byLot = string.CompareOrdinal(a.Lot, b.Lot);
        return byLot != 0 ? byLot : a.Row.CompareTo(b.Row);
    };

    private readonly List<StockLineSpill> _runs = [];
    private List<StockLine> _current = [];

    public int RunSize { get; } = runSize;
    public long Count { get; private set; }

    public void Add(StockLine line)
    {
        _current.Add(line);
        Count++;
        if (_current.Count >= RunSize) SpillCurrent();
    }

    /// <summary>Every line added, in order. Call once, after the last <see cref="Add"/>.</summary>
    public IEnumerable<StockLine> ReadSorted(Func<string, string> intern)
    {
        if (_runs.Count == 0)
        {
            _current.Sort(Order);
            return _current;
        }

        if (_current.Count > 0) SpillCurrent();
        return Merge(intern);
    }

    private IEnumerable<StockLine> Merge(Func<string, string> intern)
    {
        var heads = new PriorityQueue<IEnumerator<StockLine>, StockLine>(Comparer<StockLine>.Create(Order));
        var readers = _runs.Select(run => run.ReadAll(intern).GetEnumerator()).ToList();
        try
        {
            foreach (var reader in readers)
                if (reader.MoveNext()) heads.Enqueue(reader, reader.Current);
            while (heads.TryDequeue(out var reader, out var line))
            {
                yield return line;
                if (reader.MoveNext()) heads.Enqueue(reader, reader.Current);
            }
        }
        finally
        {
            foreach (var reader in readers) reader.Dispose();
        }
    }

    private void SpillCurrent()
    {
        _current.Sort(Order);
        var run = new StockLineSpill(folder);
        foreach (var line in _current) run.Write(line);
        _runs.Add(run);
        _current = [];
    }

    public void Dispose()
    {
        foreach (var run in _runs) run.Dispose();
        _runs.Clear();
        _current = [];
    }
}
