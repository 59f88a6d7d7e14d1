using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Contracts.Stock;
using Hub.Core.Events;

namespace Hub.Core.Tests.Contracts;

/// <summary>
/// The hub writes structured CloudEvents itself rather than through the SDK's formatter, for speed; what it writes must
/// be what the formatter writes, byte for byte, so that every reader of either decodes the other's.
/// </summary>
public sealed class when_an_event_is_encoded
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 18, 0, 0, 123, TimeSpan.FromHours(8));

    public static TheoryData<string> Events() => new(Samples.Keys);

    private static readonly Dictionary<string, Func<CloudEvent>> Samples = new()
    {
        ["an order"] = () => HubCloudEvents.Create("ord_1", OrderEventTypes.Received, EventSources.OrderSync, "zj-industrial/ZJ-1001", At,
            order_event_v1_wire_format.Sample()),
        ["stock with text that JSON escapes"] = () => HubCloudEvents.Create("stk_1", StockEventTypes.Reported, EventSources.StockReports, "DE-HAM-01", At,
            new StockReportedData("r1", "zj-haiwaicang", "DE-HAM-01", At, At.AddMinutes(5), 1,
            [
                new StockLevelLine("泵-CX200", 40, Description: "离心泵 <CX200> & \"seal\" 'kit'\n\t\u0001", Unit: "件"),
                new StockLevelLine("SEAL-7", 0, Available: 0, Lots: [new StockLotLine("L1", 3, Expiry: new DateOnly(2027, 1, 31)), new StockLotLine(null, -3)]),
            ])),
        ["no subject, a UTC time"] = () =>
        {
            var e = HubCloudEvents.Create("low_1", StockEventTypes.Low, EventSources.StockReports, "x", DateTimeOffset.UnixEpoch,
                new StockLowData("r1", "uk-fulfil", "GB-FXT-01", "ZJ-PUMP-001", 3, 50, At));
            e.Subject = null;
            return e;
        },
        ["extension attributes"] = () =>
        {
            var e = HubCloudEvents.Create("ext_1", OrderEventTypes.Received, EventSources.OrderSync, "p/o", At, order_event_v1_wire_format.Sample());
            e["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
            e[CloudEventAttribute.CreateExtension("sequence", CloudEventAttributeType.Integer)] = 42;
            e[CloudEventAttribute.CreateExtension("replayed", CloudEventAttributeType.Boolean)] = true;
            return e;
        },
        ["data decoded from the wire"] = () => HubCloudEvents.Decode(HubCloudEvents.Formatter.EncodeStructuredModeMessage(
            HubCloudEvents.Create("ord_2", OrderEventTypes.Received, EventSources.OrderSync, "p/o", At, order_event_v1_wire_format.Sample()), out _)),
        ["binary data"] = () =>
        {
            var e = HubCloudEvents.Create("bin_1", "hub.test.binary.v1", EventSources.OrderSync, "b", At, new byte[] { 0, 1, 2, 255 });
            e.DataContentType = "application/octet-stream";
            return e;
        },
        ["text data"] = () =>
        {
            var e = HubCloudEvents.Create("txt_1", "hub.test.text.v1", EventSources.OrderSync, "t", At, "plain text, ünïcödé");
            e.DataContentType = "text/plain";
            return e;
        },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void it_is_what_the_sdk_formatter_writes(string sample)
    {
        var expected = HubCloudEvents.Formatter.EncodeStructuredModeMessage(Samples[sample](), out _).ToArray();

        var actual = HubCloudEvents.EncodeToArray(Samples[sample]());

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }

    private sealed class Unwritable
    {
        public string Value => throw new InvalidOperationException("cannot be read");
    }

    [Fact]
    public void an_event_whose_data_fails_to_serialise_leaves_the_next_one_whole()
    {
        var broken = HubCloudEvents.Create("bad", "hub.test.broken.v1", EventSources.OrderSync, "b", At, new Unwritable());
        var good = Samples["an order"]();

        Assert.Throws<InvalidOperationException>(() => HubCloudEvents.EncodeToArray(broken));
        var encoded = HubCloudEvents.EncodeToArray(good);

        Assert.Equal(HubCloudEvents.Formatter.EncodeStructuredModeMessage(Samples["an order"](), out _).ToArray(), encoded);
    }

    [Fact]
    public void a_large_event_and_then_a_small_one_are_each_whole()
    {
        var lines = Enumerable.Range(0, 5_000).Select(i => new StockLevelLine($"SKU-{i:D6}", i, Description: new string('x', 60))).ToList();
        var large = HubCloudEvents.Create("big", StockEventTypes.Reported, EventSources.StockReports, "W", At,
            new StockReportedData("r", "o", "W", At, At, 1, lines));
        var small = HubCloudEvents.Create("small", StockEventTypes.Low, EventSources.StockReports, "W", At, new StockLowData("r", "o", "W", "S", 1, 2, At));

        var largeBytes = HubCloudEvents.EncodeToArray(large);
        var smallBytes = HubCloudEvents.EncodeToArray(small);

        Assert.True(largeBytes.Length > 400_000, $"{largeBytes.Length} bytes");
        Assert.Equal(5_000, JsonDocument.Parse(largeBytes).RootElement.GetProperty("data").GetProperty("lines").GetArrayLength());
        Assert.Equal("small", HubCloudEvents.Decode(smallBytes).Id);
        Assert.Equal(HubCloudEvents.Formatter.EncodeStructuredModeMessage(small, out _).ToArray(), smallBytes);
    }
}
