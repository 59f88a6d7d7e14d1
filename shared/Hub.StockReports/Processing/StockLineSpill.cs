using Hub.StockReports.Rows;

namespace Hub.StockReports.Processing;

/// <summary>
/// Stock lines in a compact binary work file, written once and read back once: one sorted run of
/// <see cref="SortedStockLines"/>. The file deletes itself when disposed (or when the process dies: it is opened with
/// DeleteOnClose).
/// </summary>
public sealed class StockLineSpill : IDisposable
{
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;

    public StockLineSpill(string folder)
    {
        Directory.CreateDirectory(folder);
        _file = new FileStream(Path.Combine(folder, $"spill-{Guid.NewGuid():N}.bin"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 1 << 16, FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        _writer = new BinaryWriter(_file, System.Text.Encoding.UTF8, leaveOpen: true);
    }

    public long Count { get; private set; }

    [Flags]
    private enum Present : ushort
    {
        Available = 1, Reserved = 2, Unsellable = 4, Inbound = 8, Lot = 16, Expiry = 32, Description = 64, Unit = 128, AsOf = 256,
    }

    public void Write(StockLine line)
    {
        var present = (line.Available is null ? 0 : Present.Available) | (line.Reserved is null ? 0 : Present.Reserved)
            | (line.Unsellable is null ? 0 : Present.Unsellable) | (line.Inbound is null ? 0 : Present.Inbound)
            | (line.Lot is null ? 0 : Present.Lot) | (line.Expiry is null ? 0 : Present.Expiry)
            | (line.Description is null ? 0 : Present.Description) | (line.Unit is null ? 0 : Present.Unit)
            | (line.AsOf is null ? 0 : Present.AsOf);
        _writer.Write((ushort)present);
        _writer.Write7BitEncodedInt64(line.Row);
        _writer.Write(line.Warehouse);
        _writer.Write(line.Sku);
        _writer.Write7BitEncodedInt64(line.OnHand);
        if (line.Available is { } available) _writer.Write7BitEncodedInt64(available);
        if (line.Reserved is { } reserved) _writer.Write7BitEncodedInt64(reserved);
        if (line.Unsellable is { } unsellable) _writer.Write7BitEncodedInt64(unsellable);
        if (line.Inbound is { } inbound) _writer.Write7BitEncodedInt64(inbound);
        if (line.Lot is { } lot) _writer.Write(lot);
        if (line.Expiry is { } expiry) _writer.Write(expiry.DayNumber);
        if (line.Description is { } description) _writer.Write(description);
        if (line.Unit is { } unit) _writer.Write(unit);
        if (line.AsOf is { } asOf)
        {
            _writer.Write(asOf.UtcTicks);
            _writer.Write((short)asOf.Offset.TotalMinutes);
        }
        Count++;
    }

    /// <summary>Every line written, in the order written. Call once, after the last <see cref="Write"/>.</summary>
    public IEnumerable<StockLine> ReadAll(Func<string, string> intern)
    {
        _writer.Flush();
        _file.Position = 0;
        using var reader = new BinaryReader(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        for (long i = 0; i < Count; i++)
        {
            var present = (Present)reader.ReadUInt16();
            var row = reader.Read7BitEncodedInt64();
            var warehouse = intern(reader.ReadString());
            var sku = reader.ReadString();
            var onHand = reader.Read7BitEncodedInt64();
            long? available = present.HasFlag(Present.Available) ? reader.Read7BitEncodedInt64() : null;
            long? reserved = present.HasFlag(Present.Reserved) ? reader.Read7BitEncodedInt64() : null;
            long? unsellable = present.HasFlag(Present.Unsellable) ? reader.Read7BitEncodedInt64() : null;
            long? inbound = present.HasFlag(Present.Inbound) ? reader.Read7BitEncodedInt64() : null;
            var lot = present.HasFlag(Present.Lot) ? reader.ReadString() : null;
            DateOnly? expiry = present.HasFlag(Present.Expiry) ? DateOnly.FromDayNumber(reader.ReadInt32()) : null;
            var description = present.HasFlag(Present.Description) ? reader.ReadString() : null;
            var unit = present.HasFlag(Present.Unit) ? reader.ReadString() : null;
            DateTimeOffset? asOf = null;
            if (present.HasFlag(Present.AsOf))
            {
                var ticks = reader.ReadInt64();
                var offset = TimeSpan.FromMinutes(reader.ReadInt16());
                asOf = new DateTimeOffset(ticks + offset.Ticks, offset);
            }
            yield return new StockLine(row, warehouse, sku, onHand, available, reserved, unsellable, inbound, lot, expiry, description, unit, asOf);
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
