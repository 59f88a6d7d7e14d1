using Hub.Matchmaking.Scheduling;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Tests.Runs;

public sealed class when_a_matchmaking_run_is_published
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task only_a_completed_run_is_published_and_publishing_another_unflags_the_one_before()
    {
        var scheduler = new GatedScheduler(new MeetingScheduler());
        await using var hub = new RunsHub(scheduler);
        await hub.SeedExpoAsync();
        var first = await hub.RequestRunAsync();

        var queued = await hub.PublishAsync(first);
        Assert.Equal(409, queued.Status);
        Assert.Contains("is queued; only a completed run can be published", queued.Body, StringComparison.Ordinal);
        hub.StartEngine();
        await scheduler.Entered.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(409, (await hub.PublishAsync(first)).Status);
        Assert.Null((await hub.Expos.GetExpoAsync(RunsHub.ExpoId, Ct))!.PublishedRunId);
        scheduler.Open();
        await hub.WaitForStatusAsync(first, MatchmakingRunStatuses.Completed);

        var published = await hub.PublishAsync(first, RunsHub.OrganiserKey);
        Assert.Equal(200, published.Status);
        Assert.True(published.Json.GetProperty("published").GetBoolean());
        Assert.Equal(first, (await hub.Expos.GetExpoAsync(RunsHub.ExpoId, Ct))!.PublishedRunId);
        Assert.Equal(200, (await hub.PublishAsync(first)).Status);

        var second = await hub.RequestRunAsync();
        await hub.WaitForStatusAsync(second, MatchmakingRunStatuses.Completed);
        Assert.Equal(200, (await hub.PublishAsync(second)).Status);

        Assert.Equal(second, (await hub.Expos.GetExpoAsync(RunsHub.ExpoId, Ct))!.PublishedRunId);
        Assert.True((await hub.Runs.GetAsync(RunsHub.ExpoId, second, Ct))!.Run.Published);
        Assert.False((await hub.Runs.GetAsync(RunsHub.ExpoId, first, Ct))!.Run.Published);
    }

    [Fact]
    public async Task a_failed_run_or_an_unknown_one_is_not_published()
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync(exhibitors: 1, buyers: 1);
        var runId = await hub.RequestRunAsync();
        await hub.CancelAsync("e-1");
        await hub.Handler.HandleAsync(RunsHub.Request(runId, 1), Ct);

        Assert.Equal(409, (await hub.PublishAsync(runId)).Status);
        Assert.Equal(404, (await hub.PublishAsync("no-such-run")).Status);
        Assert.Equal(404, (await hub.PublishAsync(runId, expoId: "no-such-expo")).Status);
        Assert.Null((await hub.Expos.GetExpoAsync(RunsHub.ExpoId, Ct))!.PublishedRunId);
    }
}

public sealed class when_a_run_is_requested_with_bad_input_or_the_wrong_key
{
    [Fact]
    public async Task an_unknown_expo_is_a_404_and_stores_nothing()
    {
        await using var hub = new RunsHub();
        var answer = await hub.PostRunAsync(expoId: "no-such-expo");

        Assert.Equal(404, answer.Status);
        Assert.Contains("No expo 'no-such-expo'", answer.Body, StringComparison.Ordinal);
        Assert.Empty(await hub.Runs.ListAsync("no-such-expo", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(0, 2, "expo has no active exhibitors")]
    [InlineData(2, 0, "expo has no active buyers")]
    public async Task an_expo_without_an_active_exhibitor_or_buyer_is_a_409_and_stores_nothing(int exhibitors, int buyers, string detail)
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync(exhibitors, buyers);

        var answer = await hub.PostRunAsync();

        Assert.Equal(409, answer.Status);
        Assert.Equal(detail, answer.Json.GetProperty("detail").GetString());
        Assert.Empty(await hub.Runs.ListAsync(RunsHub.ExpoId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task an_expo_whose_only_buyer_cancelled_is_a_409()
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync(exhibitors: 1, buyers: 1);
        await hub.CancelAsync("b-1");

        Assert.Equal("expo has no active buyers", (await hub.PostRunAsync()).Json.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{\"preserveExisting\":\"yes\"}", "preserveExisting")]
    [InlineData("{\"preserve\":true}", "preserve")]
    [InlineData("[true]", "$")]
    [InlineData("{", "$")]
    public async Task a_bad_body_is_a_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync();

        var answer = await hub.PostRunAsync(body);

        Assert.Equal(400, answer.Status);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty(field, out _), answer.Body);
        Assert.Empty(await hub.Runs.ListAsync(RunsHub.ExpoId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task keys_see_and_change_only_what_their_scope_allows()
    {
        await using var hub = new RunsHub();
        await hub.SeedExpoAsync();
        var runId = await hub.RequestRunAsync();

        Assert.Equal(401, (await hub.PostRunAsync(key: null!)).Status);
        Assert.Equal(401, (await hub.GetRunAsync(runId, key: "not-a-key")).Status);
        // Another expo's organiser learns nothing, not even that the expo exists.
        Assert.Equal(404, (await hub.PostRunAsync(key: RunsHub.OtherOrganiserKey)).Status);
        Assert.Equal(404, (await hub.GetRunAsync(runId, RunsHub.OtherOrganiserKey)).Status);
        Assert.Equal(404, (await hub.ListRunsAsync(RunsHub.OtherOrganiserKey)).Status);
        Assert.Equal(404, (await hub.PublishAsync(runId, RunsHub.OtherOrganiserKey)).Status);
        // A reader reads and changes nothing; an operator's key is for warehouses.
        Assert.Equal(200, (await hub.GetRunAsync(runId, RunsHub.ReaderKey)).Status);
        Assert.Equal(403, (await hub.PostRunAsync(key: RunsHub.ReaderKey)).Status);
        Assert.Equal(403, (await hub.PublishAsync(runId, RunsHub.ReaderKey)).Status);
        Assert.Equal(403, (await hub.GetRunAsync(runId, RunsHub.OperatorKey)).Status);
        Assert.Equal(202, (await hub.PostRunAsync(key: RunsHub.OrganiserKey)).Status);
        Assert.Equal(200, (await hub.GetRunAsync(runId, RunsHub.OrganiserKey)).Status);

        Assert.Equal(2, (await hub.Runs.ListAsync(RunsHub.ExpoId, TestContext.Current.CancellationToken)).Count);
        Assert.Equal(404, (await hub.GetRunAsync("no-such-run")).Status);
    }
}
