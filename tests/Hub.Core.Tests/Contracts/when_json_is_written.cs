using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.Testing.Json;

namespace Hub.Core.Tests.Contracts;

/// <summary>
/// What the hub writes as JSON carries non-ASCII text as UTF-8, escapes what JSON requires, and never writes invalid UTF-8.
/// </summary>
public sealed class when_json_is_written
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 18, 0, 0, TimeSpan.FromHours(8));

    private static StockReportStatus Status(string fileName) => new()
    {
        ReportId = "r1", OperatorId = "zj-haiwaicang", FileName = fileName, BlobName = "zj-haiwaicang/r1", Sha256 = "00", Bytes = 1, Status = StockReportStatuses.Completed,
        ReceivedAt = At,
    };

    [Fact]
    public void chinese_text_is_written_as_itself()
    {
        var json = HubJson.Serialize(Status("离心水泵 0.75千瓦.csv"), ContractsJsonContext.Default.StockReportStatus);

        Utf8Text.Holds(Encoding.UTF8.GetBytes(json), "\"fileName\":\"离心水泵 0.75千瓦.csv\"");
    }

    [Theory]
    [InlineData("say \"hi\"", @"say \""hi\""")]
    [InlineData(@"C:\inbox", @"C:\\inbox")]
    [InlineData("line\nnext\ttab\u0001", @"line\nnext\ttab\u0001")]
    public void what_json_requires_is_still_escaped(string text, string written)
    {
        var json = HubJson.Serialize(Status(text), ContractsJsonContext.Default.StockReportStatus);

        Assert.Contains($"\"fileName\":\"{written}\"", json);
        Assert.Equal(text, JsonSerializer.Deserialize(json, ContractsJsonContext.Default.StockReportStatus)!.FileName);
    }

    [Fact]
    public void a_lone_surrogate_is_escaped_never_written_as_invalid_utf8()
    {
        var json = HubCloudEvents.EncodeToArray(HubCloudEvents.Create("e1", StockEventTypes.Low, EventSources.StockReports, "W", At,
            new StockLowData("r1", "o", "W", "泵\uD800", 1, 2, At)));

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var text = strict.GetString(json);
        Assert.Contains("泵\\uFFFD", text);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
    }

    [Fact]
    public void an_event_carries_chinese_text_as_itself_on_the_bus()
    {
        var encoded = HubCloudEvents.EncodeToArray(HubCloudEvents.Create("s1", StockEventTypes.Reported, EventSources.StockReports, "DE-HAM-01", At,
            new StockReportedData("r1", "zj-haiwaicang", "DE-HAM-01", At, At, 1, [new StockLevelLine("泵-CX200", 40, Description: "离心水泵 0.75千瓦", Unit: "件")])));

        Utf8Text.Holds(encoded, "\"description\":\"离心水泵 0.75千瓦\"");
        Utf8Text.Holds(HubCloudEvents.Formatter.EncodeStructuredModeMessage(HubCloudEvents.Decode(encoded), out _).Span, "离心水泵 0.75千瓦");
    }
}
