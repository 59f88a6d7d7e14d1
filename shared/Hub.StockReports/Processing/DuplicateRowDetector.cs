using System.IO.Hashing;
using System.Runtime.InteropServices;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Processing;

/// <summary>
/// Finds the rows that repeat a (warehouse, sku, lot) of an earlier row, keeping only 128-bit hashes: about 45 bytes per
/// distinct SKU-lot, so a million-row report needs some 45 MB, not its lines. (A collision of two different 128-bit hashes
/// in one report is not a practical concern.)
/// </summary>
public sealed class DuplicateRowDetector
{
    private readonly Dictionary<UInt128, (long Row, ulong Values)> _lots = new();
    private readonly XxHash128 _hash = new();

    /// <summary>Records the line; returns the error when an earlier line has the same warehouse, sku and lot (the earlier one stands).</summary>
    public RowError? Add(StockLine line)
    {
        var lotKey = Key(line.Warehouse, line.Sku, line.Lot ?? "\0");
        var values = ValuesHash(line);
        ref var earlier = ref CollectionsMarshal.GetValueRefOrAddDefault(_lots, lotKey, out var exists);
        if (exists)
        {
            var column = line.Lot is null ? StockColumns.Sku : StockColumns.Lot;
            var value = line.Lot ?? line.Sku;
            return new RowError(line.Row, column, value, earlier.Values == values
                ? $"duplicate of row {earlier.Row}"
                : $"conflicts with row {earlier.Row}, which gives the same warehouse, sku and lot other values");
        }

        earlier = (line.Row, values);
        return null;
    }

    private UInt128 Key(string warehouse, string sku, string lot)
    {
        _hash.Append(MemoryMarshal.AsBytes(warehouse.AsSpan()));
        _hash.Append([0, 0]);
        _hash.Append(MemoryMarshal.AsBytes(sku.AsSpan()));
        _hash.Append([0, 0]);
        _hash.Append(MemoryMarshal.AsBytes(lot.AsSpan()));
        var key = _hash.GetCurrentHashAsUInt128();
        _hash.Reset();
        return key;
    }

    private static ulong ValuesHash(StockLine line) => (ulong)(uint)HashCode.Combine(
        line.OnHand, line.Available, line.Reserved, line.Unsellable, line.Inbound, line.Expiry,
        HashCode.Combine(line.Description, line.Unit, line.AsOf)) << 32
        | (uint)HashCode.Combine(line.OnHand ^ 0x5bd1e995, line.Available, line.Reserved, line.Unsellable, line.Inbound, line.Expiry, line.Description, line.Unit);
}
