using Hub.Contracts;
using Hub.Core.Events;
using Hub.Embedded.Tests.Support;
using Hub.Testing.Json;

namespace Hub.Embedded.Tests.Messaging;

/// <summary>
/// The bus stores an event's body as UTF-8 text, the characters themselves rather than \u escapes, whichever language they are
/// in: what an operator reads in hub.db (or a dead letter) is what the platform sent.
/// </summary>
public sealed class when_an_event_carries_chinese_text : IAsyncDisposable
{
    private const string Description = "离心水泵 0.75千瓦";

    private sealed record Line(string Description);

    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task its_stored_body_holds_the_characters_as_utf8_and_they_come_back_as_sent()
    {
        var sent = HubCloudEvents.Create("zh-1", "hub.orders.order.received.v1", EventSources.OrderSync, "订单/1", DateTimeOffset.UtcNow, new Line(Description));

        // Nobody subscribes yet, so the message waits in hub.db.
        await _hub.Bus.PublishAsync(Topics.Orders, [sent], Ct);

        await using (var connection = _hub.Database.Open())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT body FROM bus_messages WHERE event_id = 'zh-1'";
            Utf8Text.Holds(Assert.IsType<byte[]>(await command.ExecuteScalarAsync(Ct)), Description);
        }
        var received = new TaskCompletionSource<Line>();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, (e, _) =>
        {
            received.TrySetResult(HubCloudEvents.GetData<Line>(e));
            return Task.CompletedTask;
        });
        Assert.Equal(Description, (await received.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Description);
    }
}
