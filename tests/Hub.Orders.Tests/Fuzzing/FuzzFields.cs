namespace Hub.Orders.Tests.Fuzzing;

/// <summary>
/// A field the fuzzer changes: where it is in the payload, what an error about it may be named (its canonical path,
/// or for a mapped payload the paths it maps to and its own pointer), and valid values to try besides the adversarial ones.
/// </summary>
internal sealed record FuzzField(string Pointer, string[] Names, string[] Valid);

internal static class FuzzFields
{
    private static readonly string[] Dates = ["\"2026-11-20T02:15:00Z\"", "\"2026-11-21T10:00:00+08:00\"", "\"2000-01-01T00:00:00Z\""];
    private static readonly string[] Text = ["\"Rheinland GmbH\"", "\"浙江机械\"", "\"Zürich AG 🚀\"", "\"\""];

    /// <summary>Every field of the canonical order (docs/design.md), and a field the hub does not know.</summary>
    public static IReadOnlyList<FuzzField> Canonical(string platformId) =>
    [
        new("/platformId", ["platformId"], [$"\"{platformId}\"", "\"zj-industrial\""]),
        new("/orderId", ["orderId"], ["\"R-1\"", "\"订单-2026-1\"", "\"R 2/A\"", "\"R-\\ud83d\\ude80\""]),
        new("/version", ["version"], ["1", "2", "0", "9007199254740991"]),
        new("/updatedAt", ["updatedAt", "version"], Dates),
        new("/eventType", ["eventType"], ["\"received\"", "\"updated\"", "\"cancelled\"", "\"shipped\"", "\"delivered\""]),
        new("/occurredAt", ["occurredAt"], Dates),
        new("/buyer", ["buyer"], ["{\"id\":\"B-1\",\"country\":\"US\"}", "{\"id\":\"B-2\",\"country\":\"FR\",\"kind\":\"consumer\"}"]),
        new("/buyer/id", ["buyer.id"], ["\"B-1\"", "\"买家-1\""]),
        new("/buyer/name", ["buyer.name"], Text),
        new("/buyer/country", ["buyer.country"], ["\"DE\"", "\"CN\"", "\"US\""]),
        new("/buyer/kind", ["buyer.kind"], ["\"business\"", "\"consumer\""]),
        new("/seller", ["seller"], ["{\"id\":\"S-1\",\"country\":\"CN\"}"]),
        new("/seller/id", ["seller.id"], ["\"S-1\""]),
        new("/seller/name", ["seller.name"], Text),
        new("/seller/country", ["seller.country"], ["\"CN\"", "\"DE\""]),
        new("/seller/kind", ["seller.kind"], ["\"business\""]),
        new("/currency", ["currency"], ["\"EUR\"", "\"JPY\"", "\"CNY\""]),
        new("/lines", ["lines"], ["[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":0}]", "[{\"sku\":\"A\",\"quantity\":1000000000,\"unitPrice\":1000000}]"]),
        new("/lines/0", ["lines[0]"], ["{\"sku\":\"A\",\"quantity\":0.5,\"unitPrice\":999999999999.999999}"]),
        new("/lines/0/sku", ["lines[0].sku"], ["\"PUMP-1\"", "\"泵-1\""]),
        new("/lines/0/description", ["lines[0].description"], Text),
        new("/lines/0/hsCode", ["lines[0].hsCode"], ["\"841370\"", "\"8413700000\""]),
        new("/lines/0/quantity", ["lines[0].quantity"], ["1", "0.000001", "1000000000", "4"]),
        new("/lines/0/unit", ["lines[0].unit"], ["\"pcs\"", "\"m2\""]),
        new("/lines/0/unitPrice", ["lines[0].unitPrice"], ["0", "100.5", "1000000000000", "0.000001"]),
        new("/fulfilment", ["fulfilment"], ["{}", "{\"bondedWarehouse\":true}"]),
        new("/fulfilment/warehouseCode", ["fulfilment.warehouseCode"], ["\"DE-DUI-01\""]),
        new("/fulfilment/incoterm", ["fulfilment.incoterm"], ["\"FOB\"", "\"DDP\""]),
        new("/fulfilment/bondedWarehouse", ["fulfilment.bondedWarehouse"], ["true", "false"]),
        new("/shipment", ["shipment"], ["{}", "{\"carrier\":\"DHL\",\"shippedAt\":\"2026-11-22T00:00:00Z\"}"]),
        new("/shipment/carrier", ["shipment.carrier"], Text),
        new("/shipment/trackingNumber", ["shipment.trackingNumber"], ["\"1Z999\""]),
        new("/shipment/shippedAt", ["shipment.shippedAt"], Dates),
        new("/shipment/deliveredAt", ["shipment.deliveredAt"], Dates),
        new("/somethingElse", ["somethingElse"], ["1", "\"x\""]),
    ];

    /// <summary>The Ningbo sample's fields, named by the canonical paths they map to (seeds/registry.json) and by their own pointers.</summary>
    public static IReadOnlyList<FuzzField> Mapped { get; } =
    [
        Map("/order_no", ["orderId"], "\"NB-1\""),
        Map("/revision", ["version"], "1", "7"),
        Map("/status", ["eventType"], "\"CREATED\"", "\"SHIPPED\"", "\"DELIVERED\"", "\"CANCELLED\""),
        Map("/changed_at", ["occurredAt"], Dates),
        Map("/customer", ["buyer.id", "buyer.name", "buyer.country", "buyer.kind"], "{\"code\":\"C-1\",\"address\":{\"country_code\":\"JP\"}}"),
        Map("/customer/code", ["buyer.id"], "\"JP-1\""),
        Map("/customer/company", ["buyer.name"], Text),
        Map("/customer/type", ["buyer.kind"], "\"B\"", "\"C\""),
        Map("/customer/address", ["buyer.country"], "{\"country_code\":\"KR\"}"),
        Map("/customer/address/country_code", ["buyer.country"], "\"JP\"", "\"KR\""),
        Map("/merchant", ["seller.id", "seller.name", "seller.country"], "{\"code\":\"M-1\",\"country_code\":\"CN\"}"),
        Map("/merchant/code", ["seller.id"], "\"NB-M-1\""),
        Map("/merchant/name", ["seller.name"], Text),
        Map("/merchant/country_code", ["seller.country"], "\"CN\""),
        Map("/money", ["currency"], "{\"currency\":\"USD\"}"),
        Map("/money/currency", ["currency"], "\"JPY\"", "\"USD\""),
        Map("/logistics", ["fulfilment.warehouseCode", "fulfilment.incoterm"], "{}"),
        Map("/logistics/overseas_warehouse", ["fulfilment.warehouseCode"], "\"JP-OSA-01\""),
        Map("/logistics/incoterm", ["fulfilment.incoterm"], "\"FOB\"", "\"CIF\""),
        Map("/goods", ["lines"], "[{\"goods_sku\":\"G\",\"qty\":1,\"price\":2}]"),
        Map("/goods/0", ["lines[0]"], "{\"goods_sku\":\"G\",\"qty\":3,\"price\":0.5}"),
        Map("/goods/0/goods_sku", ["lines[0].sku"], "\"SILK-1\""),
        Map("/goods/0/title", ["lines[0].description"], Text),
        Map("/goods/0/hs", ["lines[0].hsCode"], "\"621410\""),
        Map("/goods/0/qty", ["lines[0].quantity"], "1", "500", "0.25"),
        Map("/goods/0/uom", ["lines[0].unit"], "\"pcs\""),
        Map("/goods/0/price", ["lines[0].unitPrice"], "1800", "0"),
        Map("/memo", [], "\"not mapped\""),
    ];

    private static FuzzField Map(string pointer, string[] canonical, params string[] valid) => new(pointer, [.. canonical, pointer], valid);
}
