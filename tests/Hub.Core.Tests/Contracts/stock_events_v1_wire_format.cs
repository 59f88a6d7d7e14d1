using System.Text.Json.Nodes;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Events;

namespace Hub.Core.Tests.Contracts;

/// <summary>
/// The stock events' wire format is pinned by the reference JSON beside this file (docs/architecture.md shows the same
/// examples): renaming or removing a field fails here. Ids and subjects are built as StockReportedPublisher builds them.
/// </summary>
public sealed class stock_events_v1_wire_format
{
    private const string ReportId = "5d0f3b7a9c2e4f618a3b7c9d1e2f4a6b";
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    private static JsonNode Reference(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contracts", file)))!;

    [Fact]
    public void encoding_a_stock_reported_event_gives_the_reference_json()
    {
        var data = new StockReportedData(ReportId, "uk-fulfil", "GB-FXT-01", AsOf, new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), 1,
        [
            new StockLevelLine("ZJ-PUMP-001", 120, Available: 100, Reserved: 20, Description: "离心水泵 CX200", Unit: "pcs"),
            new StockLevelLine("ZJ-SEAL-007", 40, Lots: [new StockLotLine("L2611", 25, Expiry: new DateOnly(2027, 5, 31)), new StockLotLine("L2612", 15)]),
        ]);
        var cloudEvent = HubCloudEvents.Create($"{ReportId}-GB-FXT-01-1", StockEventTypes.Reported, EventSources.StockReports, "GB-FXT-01", AsOf, data);

        var encoded = JsonNode.Parse(HubCloudEvents.Encode(cloudEvent).Span);

        Assert.True(JsonNode.DeepEquals(Reference("stock.reported.v1.json"), encoded), $"The wire format changed:\n{encoded}");
    }

    [Fact]
    public void encoding_a_stock_low_event_gives_the_reference_json()
    {
        var data = new StockLowData(ReportId, "uk-fulfil", "GB-FXT-01", "ZJ-SEAL-007", 40, 50, AsOf);
        var cloudEvent = HubCloudEvents.Create($"{ReportId}-low-69672e92a9c5193d", StockEventTypes.Low, EventSources.StockReports,
            "GB-FXT-01/ZJ-SEAL-007", AsOf, data);

        var encoded = JsonNode.Parse(HubCloudEvents.Encode(cloudEvent).Span);

        Assert.True(JsonNode.DeepEquals(Reference("stock.low.v1.json"), encoded), $"The wire format changed:\n{encoded}");
    }

    [Fact]
    public void the_reference_stock_events_decode_to_their_records()
    {
        var reported = HubCloudEvents.GetData<StockReportedData>(HubCloudEvents.Decode(System.Text.Encoding.UTF8.GetBytes(Reference("stock.reported.v1.json").ToJsonString())));
        var low = HubCloudEvents.GetData<StockLowData>(HubCloudEvents.Decode(System.Text.Encoding.UTF8.GetBytes(Reference("stock.low.v1.json").ToJsonString())));

        Assert.Equal(2, reported!.Lines.Count);
        Assert.Equal(new DateOnly(2027, 5, 31), reported.Lines[1].Lots![0].Expiry);
        Assert.Equal(50, low!.Threshold);
    }
}
