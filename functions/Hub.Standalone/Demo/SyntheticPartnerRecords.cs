using System.Globalization;

namespace Hub.Standalone.Demo;

/// <summary>
/// Deterministic feed items of the four hub record types in turn (shipment status, customs clearance, listing, demand signal),
/// using the hub's own type names and field names so that a partner without mapping entries takes them all: for the benchmarks
/// and the kill-and-restart test, which need many records and must know each one's id and reference.
/// </summary>
public static class SyntheticPartnerRecords
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Types = ["shipment-status", "customs-clearance", "listing", "demand-signal"];
    private static readonly string[] Countries = ["MY", "SG", "TH", "ID", "PH", "VN", "BE", "NL", "DE", "FR"];
    private static readonly string[] HsCodes = ["841370", "848180", "940540", "610910", "090220", "850760"];

    /// <summary>The item's id: unique within the feed and across feeds.</summary>
    public static string Id(string feed, int index) => $"{feed}-{index:D7}";

    public static string Type(int index) => Types[index % Types.Length];

    /// <summary>
    /// The reference the hub looks the record up by: unique per item for shipments, declarations and listings; a demand signal's is its
    /// HS code, one of six, as real signals share them.
    /// </summary>
    public static string Reference(string feed, int index) => Type(index) switch
    {
        "shipment-status" => $"TRK{feed.ToUpperInvariant()}{index:D7}",
        "customs-clearance" => $"DEC{feed.ToUpperInvariant()}{index:D7}",
        "listing" => $"LST{feed.ToUpperInvariant()}{index:D7}",
        _ => HsCodes[index % HsCodes.Length],
    };

    public static string Item(string feed, int index)
    {
        var id = Id(feed, index);
        var occurredAt = Start.AddSeconds(index).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var reference = Reference(feed, index);
        var country = Countries[index % Countries.Length];
        var data = Type(index) switch
        {
            "shipment-status" => $$"""{"trackingNumber":"{{reference}}","status":"in-transit","orderId":"ORD-{{index:D7}}","carrier":"Sample Freight","location":"{{country}}"}""",
            "customs-clearance" => $$"""{"declarationNumber":"{{reference}}","status":"cleared","orderId":"ORD-{{index:D7}}","customsMode":"9610","port":"{{country}}"}""",
            "listing" => $$"""{"listingId":"{{reference}}","title":"Sample product {{index}}","sku":"SKU-{{index:D7}}","hsCode":"{{HsCodes[index % HsCodes.Length]}}","price":"{{(index % 1000) + 0.99m:F2}}","currency":"USD"}""",
            _ => $$"""{"hsCode":"{{reference}}","country":"{{country}}","keywords":"sample demand {{index}}","quantity":{{index % 500 + 1}}}""",
        };
        return string.Create(CultureInfo.InvariantCulture, $$"""{"id":"{{id}}","type":"{{Type(index)}}","occurredAt":"{{occurredAt}}","data":{{data}}}""");
    }
}
