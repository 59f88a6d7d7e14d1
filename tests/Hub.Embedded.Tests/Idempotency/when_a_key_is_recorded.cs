using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Idempotency;

public sealed class when_a_key_is_recorded : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task a_key_never_recorded_is_not_found()
    {
        Assert.Null(await _hub.Idempotency().FindAsync("webhooks", "delivery-1", Ct));
    }

    [Fact]
    public async Task finding_it_returns_the_recorded_value_in_its_scope_only()
    {
        var store = _hub.Idempotency();

        await store.RecordAsync("webhooks", "delivery-1", "ingestion-1", Ct);

        Assert.Equal("ingestion-1", await store.FindAsync("webhooks", "delivery-1", Ct));
        Assert.Null(await store.FindAsync("stock-reports", "delivery-1", Ct));
        Assert.Null(await store.FindAsync("webhooks", "delivery-2", Ct));
    }

    [Fact]
    public async Task recording_it_again_keeps_the_first_value()
    {
        var store = _hub.Idempotency();
        await store.RecordAsync("webhooks", "delivery-1", "ingestion-1", Ct);

        await store.RecordAsync("webhooks", "delivery-1", "ingestion-2", Ct);

        Assert.Equal("ingestion-1", await store.FindAsync("webhooks", "delivery-1", Ct));
    }

    [Fact]
    public async Task it_survives_a_restart()
    {
        await _hub.Idempotency().RecordAsync("webhooks", "delivery-1", "ingestion-1", Ct);

        await _hub.RestartAsync();

        Assert.Equal("ingestion-1", await _hub.Idempotency().FindAsync("webhooks", "delivery-1", Ct));
    }
}
