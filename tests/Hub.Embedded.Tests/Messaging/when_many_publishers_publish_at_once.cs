using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

public sealed class when_many_publishers_publish_at_once : IAsyncDisposable
{
    private const int Publishers = 2_000;

    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task every_publish_completes_with_its_event_stored_and_they_share_commits()
    {
        var commitsBefore = _hub.Writer.Commits;

        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(i =>
            Task.Run(() => _hub.Bus.PublishAsync(Topics.Stock, [TestEvents.Stock($"stock-{i}")], Ct), Ct)));

        var commits = _hub.Writer.Commits - commitsBefore;
        Assert.Equal(Publishers, await _hub.ScalarAsync("SELECT COUNT(DISTINCT event_id) FROM bus_messages WHERE topic = 'stock'"));
        Assert.Equal(Publishers, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages"));
        Assert.Equal(Publishers, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_deliveries WHERE subscription = 'read-store'"));
        Assert.InRange(commits, 1, Publishers - 1);
    }
}
