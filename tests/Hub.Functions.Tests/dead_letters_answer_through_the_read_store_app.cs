using Hub.Functions.ReadStore;

namespace Hub.Functions.Tests;

/// <summary>
/// The dead-letter routes of the read-store app over the shared endpoint, here with the embedded dead letters (in Azure,
/// Service Bus's dead-letter queues; the settings-template test checks that the app's composition picks those).
/// </summary>
public sealed class dead_letters_answer_through_the_read_store_app : IAsyncDisposable
{
    private const string AdminKey = "sample-admin-key";
    private readonly FunctionsHarness _hub = new();

    private async Task<FunctionsHarness.Answer> ListAsync(string? query, string? key)
    {
        var request = key is null ? _hub.Request("GET", "/api/admin/dead-letters", query) : _hub.Authorized("GET", "/api/admin/dead-letters", query, key);
        return await FunctionsHarness.AnswerAsync(request, await _hub.Function<ListDeadLetters>().RunAsync(request, TestContext.Current.CancellationToken));
    }

    private async Task<FunctionsHarness.Answer> ReplayAsync(string id, string? key)
    {
        var path = $"/api/admin/dead-letters/{id}/replay";
        var request = key is null ? _hub.Request("POST", path) : _hub.Authorized("POST", path, key: key);
        return await FunctionsHarness.AnswerAsync(request, await _hub.Function<ReplayDeadLetter>().RunAsync(request, id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task the_list_answers_an_admin_key_with_its_items()
    {
        var answer = await ListAsync("?topic=orders&subscription=read-store", AdminKey);

        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Json["items"]!.AsArray());
    }

    [Fact]
    public async Task the_list_is_401_without_a_key_and_403_for_a_reader()
    {
        Assert.Equal(401, (await ListAsync(null, key: null)).Status);
        var reader = await ListAsync(null, FunctionsHarness.ReaderKey);
        Assert.Equal(403, reader.Status);
        Assert.Equal("application/problem+json", reader.ContentType);
    }

    [Theory]
    [InlineData("?topic=order", "topic")]
    [InlineData("?topic=stock&subscription=partner-push", "subscription")]
    [InlineData("?subscription=nobody", "subscription")]
    public async Task a_topic_or_subscription_the_hub_does_not_have_is_a_400_naming_it(string query, string field)
    {
        var answer = await ListAsync(query, AdminKey);

        Assert.Equal(400, answer.Status);
        var errors = answer.Json["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task replaying_a_dead_letter_that_is_not_there_is_404_and_needs_an_admin_key()
    {
        Assert.Equal(401, (await ReplayAsync("orders:read-store:42", key: null)).Status);
        Assert.Equal(403, (await ReplayAsync("orders:read-store:42", FunctionsHarness.ReaderKey)).Status);
        var missing = await ReplayAsync("orders:read-store:42", AdminKey);
        Assert.Equal(404, missing.Status);
        Assert.Contains("orders:read-store:42", (string?)missing.Json["detail"], StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
