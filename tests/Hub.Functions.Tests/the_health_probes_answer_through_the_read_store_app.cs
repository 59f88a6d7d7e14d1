using Hub.Functions.ReadStore;

namespace Hub.Functions.Tests;

public sealed class the_health_probes_answer_through_the_read_store_app : IAsyncDisposable
{
    private readonly FunctionsHarness _hub = new();

    [Fact]
    public async Task health_is_200_live_without_a_key()
    {
        var request = _hub.Request("GET", "/api/health");

        var answer = await FunctionsHarness.AnswerAsync(request, _hub.Function<Health>().Run(request));

        Assert.Equal(200, answer.Status);
        Assert.Equal("live", (string?)answer.Json["status"]);
    }

    [Fact]
    public async Task ready_is_200_when_the_read_store_answers()
    {
        var request = _hub.Request("GET", "/api/health/ready");

        var answer = await FunctionsHarness.AnswerAsync(request,
            await _hub.Function<Ready>().RunAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(200, answer.Status);
        Assert.Equal("ready", (string?)answer.Json["status"]);
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
