using System.Text.Json;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.StockReports.Processing;

namespace Hub.StockReports.Tests.Processing;

public sealed class when_a_line_size_is_estimated
{
    public static TheoryData<StockLevelLine> Lines => new()
    {
        new StockLevelLine("A", 0),
        new StockLevelLine("SKU-1", 1_000_000_000_000, 999_999_999_999, 1, 0, 12345),
        new StockLevelLine("<b>&'+\"\\`", 5, Description: "离心水泵 0.75千瓦 \"quoted\" \u0001\t\r\n😀", Unit: "件"),
        new StockLevelLine("Ü-\u00a0\u00ad\u0085", 5, Description: "Größe\u3000离心泵\u2028\u200b\ue000\u0378\u007f", Unit: "м²"),
        new StockLevelLine("L", 3, AsOf: new DateTimeOffset(2026, 11, 25, 18, 0, 0, 123, TimeSpan.FromHours(8)).AddTicks(4567),
            Lots: [new StockLotLine("批次-1", 1, 1, 0, 0, 5, new DateOnly(2031, 9, 30)), new StockLotLine(null, 2)]),
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void the_estimate_is_never_below_the_encoded_size_and_not_far_above(StockLevelLine line)
    {
        var actual = JsonSerializer.SerializeToUtf8Bytes(line, HubCloudEvents.DataOptions).Length + 1;
        var estimate = StockEventSize.Of(line);

        Assert.True(estimate >= actual, $"estimate {estimate} < actual {actual}");
        Assert.True(estimate <= actual * 2 + 64, $"estimate {estimate} far above actual {actual}");
    }
}
