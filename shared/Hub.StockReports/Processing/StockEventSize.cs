using System.Globalization;
using Hub.Contracts.Stock;

namespace Hub.StockReports.Processing;

/// <summary>
/// An upper bound of a line's size in <c>stock.reported</c> JSON, cheap enough to take for every line: batches are cut by
/// it so that no message grows past Service Bus's limit, without encoding each line twice.
/// </summary>
/// <remarks>
/// It follows the event encoding (camelCase names, nulls left out, <c>HubJson.Encoder</c>: text as UTF-8, with quote and
/// backslash as two bytes and control characters, characters outside the BMP and those the encoder may refuse as a six-byte
/// <c>\uXXXX</c>). An overestimate only makes batches a little smaller.
/// </remarks>
public static class StockEventSize
{
    // {"sku":,"onHand":} plus the comma before the next line.
    private const int LineFrame = 2 + 6 + 10 + 1;
    private const int DateTimeOffsetText = 2 + 33; // "2026-11-25T18:00:00.1234567+08:00"
    private const int DateText = 2 + 10;

    public static int Of(StockLevelLine line)
    {
        var size = LineFrame + Text(line.Sku) + Number(line.OnHand)
            + Optional("available", line.Available) + Optional("reserved", line.Reserved)
            + Optional("unsellable", line.Unsellable) + Optional("inbound", line.Inbound)
            + (line.Description is null ? 0 : Name("description") + Text(line.Description))
            + (line.Unit is null ? 0 : Name("unit") + Text(line.Unit))
            + (line.AsOf is null ? 0 : Name("asOf") + DateTimeOffsetText);
        if (line.Lots is { } lots)
        {
            size += Name("lots") + 2;
            foreach (var lot in lots) size += Of(lot);
        }

        return size;
    }

    public static int Of(StockLotLine lot) =>
        2 + 1 + Name("onHand") + Number(lot.OnHand)
        + (lot.Lot is null ? 0 : Name("lot") + Text(lot.Lot))
        + Optional("available", lot.Available) + Optional("reserved", lot.Reserved)
        + Optional("unsellable", lot.Unsellable) + Optional("inbound", lot.Inbound)
        + (lot.Expiry is null ? 0 : Name("expiry") + DateText);

    private static int Name(string name) => name.Length + 4; // "name": and a comma

    private static int Optional(string name, long? value) => value is { } v ? Name(name) + Number(v) : 0;

    private static int Number(long value)
    {
        if (value < 0) return 20;
        var digits = 1;
        while (value >= 10) { value /= 10; digits++; }
        return digits;
    }

    private static int Text(string text)
    {
        var size = 2;
        foreach (var c in text) size += Char(c);
        return size;
    }

    private static int Char(char c) => c switch
    {
        '"' or '\\' => 2,
        >= ' ' and < '\u007f' => 1,
        < '\u00a0' => 6,
        _ when char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => 6,
        < '\u0800' => 2,
        _ => 3,
    };
}
