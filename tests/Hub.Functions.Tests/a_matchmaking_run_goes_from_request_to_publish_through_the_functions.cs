using System.Text;
using Hub.Contracts;
using Hub.Contracts.Matchmaking;
using Hub.Core.Storage;
using Hub.Functions.Matchmaking;
using Hub.Functions.ReadStore;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;

namespace Hub.Functions.Tests;

/// <summary>
/// The hops a matchmaking run takes in Azure, each through its function class: the request into the Matchmaking app, which
/// stores the run and publishes its request; the request as Service Bus delivers it to the engine subscription's trigger;
/// the status out of the ReadStore app; the publish back in the Matchmaking app.
/// </summary>
public sealed class a_matchmaking_run_goes_from_request_to_publish_through_the_functions : IAsyncDisposable
{
    private const string ExpoId = "functions-expo";
    private static readonly Dictionary<string, string> Admin = new() { ["Authorization"] = "Bearer sample-admin-key" };
    private readonly FunctionsHarness _hub = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_run_is_requested_run_by_the_engine_trigger_read_and_published()
    {
        var expos = _hub.Service<ExpoStore>();
        await expos.PutExpoAsync(new Expo(ExpoId, "Functions expo", "Asia/Shanghai",
            [new ExpoDay(new DateOnly(2026, 5, 20), new TimeOnly(9, 0), new TimeOnly(10, 0))], SlotMinutes: 20, Tables: 2), WriteCondition.Always, Ct);
        await expos.PutParticipantAsync(ExpoId, new Participant("e-1", ParticipantKind.Exhibitor, "泵业有限公司", "CN", ["841370"], "水泵", ["MY"], ["zh", "en"], []), Ct);
        await expos.PutParticipantAsync(ExpoId, new Participant("b-1", ParticipantKind.Buyer, "Pumps Sdn Bhd", "MY", [], "pumps", [], ["en"], [], Interests: ["8413"]), Ct);

        var post = _hub.Request("POST", $"/api/expos/{ExpoId}/matchmaking-runs", body: Encoding.UTF8.GetBytes("{\"preserveExisting\":false}"),
            contentType: "application/json", headers: Admin);
        var accepted = await FunctionsHarness.AnswerAsync(post, await _hub.Function<RequestMatchmakingRun>().RunAsync(post, ExpoId, Ct));
        Assert.Equal(202, accepted.Status);
        var runId = (string)accepted.Json["runId"]!;

        var request = Assert.Single(_hub.Bus.Published, p => p.Topic == Topics.Matchmaking).Event;
        Assert.Equal(MatchmakingEventTypes.RunRequested, request.Type);
        Assert.Equal(MatchmakingRunRequested.IdFor(ExpoId, runId, 1), request.Id);
        Assert.True(Consumers.RunMatchmaking.Takes(request.Type!));
        await _hub.Function<RunMatchmaking>().RunAsync(FunctionsHarness.Delivered(request, topic: Topics.Matchmaking), Ct);

        var get = _hub.Request("GET", $"/api/expos/{ExpoId}/matchmaking-runs/{runId}", headers: Admin);
        var status = await FunctionsHarness.AnswerAsync(get, await _hub.Function<GetMatchmakingRun>().RunAsync(get, ExpoId, runId, Ct));
        Assert.Equal(200, status.Status);
        Assert.Equal("completed", (string?)status.Json["status"]);
        Assert.Equal(1, (int)status.Json["metrics"]!["meetingsScheduled"]!);
        Assert.Contains(_hub.Bus.Published, p => p.Event.Type == MatchmakingEventTypes.RunCompleted);

        var publish = _hub.Request("POST", $"/api/expos/{ExpoId}/matchmaking-runs/{runId}/publish", headers: Admin);
        var published = await FunctionsHarness.AnswerAsync(publish, await _hub.Function<PublishMatchmakingRun>().RunAsync(publish, ExpoId, runId, Ct));
        Assert.Equal(200, published.Status);
        Assert.Equal(runId, (await expos.GetExpoAsync(ExpoId, Ct))!.PublishedRunId);

        var list = _hub.Request("GET", $"/api/expos/{ExpoId}/matchmaking-runs", headers: Admin);
        var listed = await FunctionsHarness.AnswerAsync(list, await _hub.Function<ListMatchmakingRuns>().RunAsync(list, ExpoId, Ct));
        Assert.True((bool)Assert.Single(listed.Json["items"]!.AsArray())!["published"]!);
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
