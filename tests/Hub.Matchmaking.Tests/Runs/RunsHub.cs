using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Matchmaking;
using Hub.Core;
using Hub.Core.Auth;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.Embedded.Messaging;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Sqlite;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Http;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Runs;
using Hub.Matchmaking.Storage;
using Hub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Matchmaking.Tests.Runs;

/// <summary>
/// The run lifecycle as the hosts compose it (<see cref="MatchmakingRunsServices.AddMatchmakingRuns"/>) over the real SQLite
/// read store and the real embedded bus, in a folder of its own. The engine is the real one unless a test puts a scheduler
/// in its place (the engine seam is the edge these tests hold still or break).
/// </summary>
public sealed class RunsHub : IAsyncDisposable
{
    public const string ExpoId = "expo-1";
    public const string AdminKey = "runs-admin-key";
    public const string ReaderKey = "runs-reader-key";
    public const string OrganiserKey = "runs-organiser-key";
    public const string OtherOrganiserKey = "runs-other-organiser-key";
    public const string OperatorKey = "runs-operator-key";

    private readonly TemporaryReadStore _stores = new();
    private readonly ServiceProvider _services;
    private IAsyncDisposable? _subscription;

    /// <param name="scheduler">In place of the engine's scheduler; the real one when null.</param>
    /// <param name="store">Wraps the read store the run lifecycle uses (a test's pause in the writes); the real one when null.</param>
    /// <param name="bus">Wraps the bus the run lifecycle publishes to (a test's refusal); the real one when null.</param>
    public RunsHub(IMeetingScheduler? scheduler = null, Func<IReadStore, IReadStore>? store = null, int writeBatchSize = 500, Func<IEventBus, IEventBus>? bus = null)
    {
        Store = _stores.Store;
        Bus = _stores.CreateBus([Consumers.RunMatchmaking],
            new EmbeddedBusOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) });

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:Matchmaking:Runs:ProgressInterval"] = "00:00:00.050",
            ["Hub:Matchmaking:Runs:WriteBatchSize"] = writeBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hub:Matchmaking:Runs:RetryBaseDelay"] = "00:00:00.050",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new HubRegistry
            {
                ApiKeys =
                [
                    Key(AdminKey, "admin"), Key(ReaderKey, "reader"), Key(OrganiserKey, $"organiser:{ExpoId}"),
                    Key(OtherOrganiserKey, "organiser:expo-other"), Key(OperatorKey, "operator:uk-fulfil"),
                ],
            })
            .AddSingleton<ApiKeyAuthenticator>()
            .AddSingleton<IReadStore>(store is null ? Store : store(Store))
            .AddSingleton<IEventBus>(bus is null ? Bus : bus(Bus));
        if (scheduler is not null) services.AddSingleton(scheduler);
        services.AddMatchmakingRuns();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public SqliteReadStore Store { get; }
    public SqliteEventBus Bus { get; }
    public ExpoStore Expos => Service<ExpoStore>();
    public MatchmakingRunStore Runs => Service<MatchmakingRunStore>();
    public MatchmakingRunHandler Handler => Service<MatchmakingRunHandler>();

    public T Service<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Runs what the bus delivers to <c>matchmaking/engine</c> with the handler, as Standalone does.</summary>
    public void StartEngine() =>
        _subscription = Bus.Subscribe(Topics.Matchmaking, Subscriptions.Engine, (e, ct) => Handler.HandleAsync(e, ct));

    /// <summary>
    /// One morning of six 20-minute slots and two tables; exhibitors e-1..e-n and buyers b-1..b-m all in HS 8413, so that
    /// every pair is plausible.
    /// </summary>
    public async Task<Expo> SeedExpoAsync(int exhibitors = 3, int buyers = 4, int tables = 2)
    {
        var expo = new Expo(ExpoId, "Runs expo", "Asia/Shanghai", [new ExpoDay(new DateOnly(2026, 5, 20), new TimeOnly(9, 0), new TimeOnly(11, 0))],
            SlotMinutes: 20, Tables: tables);
        await Expos.PutExpoAsync(expo, WriteCondition.Always, Ct);
        for (var i = 1; i <= exhibitors; i++) await Expos.PutParticipantAsync(ExpoId, Exhibitor($"e-{i}"), Ct);
        for (var i = 1; i <= buyers; i++) await Expos.PutParticipantAsync(ExpoId, Buyer($"b-{i}"), Ct);
        return expo;
    }

    public static Participant Exhibitor(string id) =>
        new(id, ParticipantKind.Exhibitor, $"Company {id}", "CN", ["841370"], "pumps", ["MY"], ["zh", "en"], []);

    public static Participant Buyer(string id) =>
        new(id, ParticipantKind.Buyer, $"Buyer {id}", "MY", [], "pumps", [], ["en"], [], Interests: ["8413"]);

    public async Task CancelAsync(string participantId)
    {
        var participant = await Expos.GetParticipantAsync(ExpoId, participantId, Ct);
        await Expos.PutParticipantAsync(ExpoId, participant! with { Cancelled = true }, Ct);
    }

    // --- HTTP, through the endpoints both hosts map ---

    public Task<Answer> PostRunAsync(string? body = null, string key = AdminKey, string expoId = ExpoId) =>
        AnswerAsync(Request("POST", key, body), r => Service<MatchmakingRunEndpoints>().RequestAsync(r, expoId, Ct));

    public Task<Answer> GetRunAsync(string runId, string key = AdminKey, string expoId = ExpoId) =>
        AnswerAsync(Request("GET", key), r => Service<MatchmakingRunQueryEndpoints>().GetAsync(r, expoId, runId, Ct));

    public Task<Answer> ListRunsAsync(string key = AdminKey, string expoId = ExpoId) =>
        AnswerAsync(Request("GET", key), r => Service<MatchmakingRunQueryEndpoints>().ListAsync(r, expoId, Ct));

    public Task<Answer> PublishAsync(string runId, string key = AdminKey, string expoId = ExpoId) =>
        AnswerAsync(Request("POST", key), r => Service<MatchmakingRunEndpoints>().PublishAsync(r, expoId, runId, Ct));

    /// <summary>Requests a run and returns its id (asserting the 202).</summary>
    public async Task<string> RequestRunAsync(string? body = null)
    {
        var answer = await PostRunAsync(body);
        Assert.True(answer.Status == 202, answer.Body);
        return answer.Json.GetProperty("runId").GetString()!;
    }

    /// <summary>Waits until the run's status is <paramref name="status"/> (or fails the test after 30 s).</summary>
    public async Task<MatchmakingRun> WaitForAsync(string runId, Func<MatchmakingRun, bool> until, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var run = (await Runs.GetAsync(ExpoId, runId, Ct))?.Run;
            if (run is not null && until(run)) return run;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Run {runId} never became {what}; it is {run?.Status} ({run?.Error}).");
            await Task.Delay(20, Ct);
        }
    }

    public Task<MatchmakingRun> WaitForStatusAsync(string runId, string status) => WaitForAsync(runId, r => r.Status == status, status);

    /// <summary>The run request for an attempt, as the bus delivers it.</summary>
    public static CloudEvent Request(string runId, int attempt) => HubCloudEvents.Create(
        MatchmakingRunRequested.IdFor(ExpoId, runId, attempt), MatchmakingEventTypes.RunRequested, EventSources.Matchmaking,
        $"{ExpoId}/{runId}", DateTimeOffset.UtcNow, new MatchmakingRunRequested(ExpoId, runId, attempt));

    public async Task<List<ParticipantMeetings>> MeetingsAsync(string partition)
    {
        var found = new List<ParticipantMeetings>();
        await foreach (var document in Runs.MeetingsAsync(partition, Ct)) found.Add(document);
        return found;
    }

    /// <summary>Whether the bus holds an event of this id (waiting or due).</summary>
    public async Task<bool> BusHoldsAsync(string eventId)
    {
        await using var connection = _stores.Database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM bus_messages WHERE event_id = $id";
        command.Parameters.AddWithValue("$id", eventId);
        return (long)(await command.ExecuteScalarAsync(Ct))! > 0;
    }

    public sealed record Answer(int Status, string Body, IHeaderDictionary Headers)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    private HttpRequest Request(string method, string? key, string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = method;
        if (key is not null) context.Request.Headers.Authorization = $"Bearer {key}";
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    private static async Task<Answer> AnswerAsync(HttpRequest request, Func<HttpRequest, Task<IResult>> endpoint)
    {
        var result = await endpoint(request);
        await result.ExecuteAsync(request.HttpContext);
        return new Answer(request.HttpContext.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)request.HttpContext.Response.Body).ToArray()),
            request.HttpContext.Response.Headers);
    }

    private static ApiKeyRegistration Key(string key, string scope) => new() { Name = scope, Sha256 = ApiKeyAuthenticator.Hash(key), Scope = scope };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null) await _subscription.DisposeAsync();
        await _services.DisposeAsync();
        await _stores.DisposeAsync();
    }
}

/// <summary>
/// The real scheduler behind a gate: it reports progress, then waits until the test opens the gate (or makes it fail), so
/// that a test sees a run while it runs.
/// </summary>
public sealed class GatedScheduler(IMeetingScheduler inner) : IMeetingScheduler
{
    private readonly SemaphoreSlim _gate = new(0);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Fault { get; set; }

    public Task Entered => _entered.Task;

    public void Open() => _gate.Release(100);

    public Schedule Solve(MatchmakingProblem problem, CandidateSet candidates, IProgress<MatchmakingProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new MatchmakingProgress("scheduling", 0.5));
        _entered.TrySetResult();
        _gate.Wait(cancellationToken);
        if (Fault is not null) throw Fault;
        return inner.Solve(problem, candidates, progress, cancellationToken);
    }
}

/// <summary>A scheduler that fails on a fault of the hub (as a lost connection or a bug would) while <see cref="Failing"/>.</summary>
public sealed class FaultyScheduler(IMeetingScheduler inner) : IMeetingScheduler
{
    public bool Failing { get; set; } = true;

    public Schedule Solve(MatchmakingProblem problem, CandidateSet candidates, IProgress<MatchmakingProgress>? progress, CancellationToken cancellationToken) =>
        Failing ? throw new InvalidOperationException("the solver lost its way") : inner.Solve(problem, candidates, progress, cancellationToken);
}

/// <summary>
/// The read store with a pause in the meetings writes: the <see cref="PauseAtBatch"/>-th batch waits until the test lets it
/// go (or cancels it), so that a test sees what readers see half-way through a run's writes.
/// </summary>
public sealed class PausingStore(IReadStore inner) : IReadStore
{
    private int _batches;
    private readonly SemaphoreSlim _go = new(0);
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int PauseAtBatch { get; set; } = 2;
    public bool Pausing { get; set; } = true;
    public Task Paused => _paused.Task;
    public void Go() => _go.Release(100);

    public async Task<int> UpsertNewerAsync(string container, IReadOnlyList<VersionedDocument> documents, CancellationToken cancellationToken = default)
    {
        if (container == ReadStoreContainers.Meetings && Pausing && Interlocked.Increment(ref _batches) == PauseAtBatch)
        {
            _paused.TrySetResult();
            await _go.WaitAsync(cancellationToken);
        }
        return await inner.UpsertNewerAsync(container, documents, cancellationToken);
    }

    public Task<StoredDocument?> GetAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default) =>
        inner.GetAsync(container, partitionKey, id, cancellationToken);

    public Task<WriteOutcome> UpsertAsync(string container, string partitionKey, string id, string json, WriteCondition condition, CancellationToken cancellationToken = default) =>
        inner.UpsertAsync(container, partitionKey, id, json, condition, cancellationToken);

    public Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(container, partitionKey, id, cancellationToken);

    public Task<DocumentPage> QueryAsync(DocumentQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) => inner.IsReachableAsync(cancellationToken);
}

/// <summary>The bus, refusing events of one type while <see cref="Refusing"/> (as a bus that is down refuses everything).</summary>
public sealed class RefusingBus(IEventBus inner, string type) : IEventBus
{
    public bool Refusing { get; set; } = true;
    public List<string> Published { get; } = [];

    public Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken = default)
    {
        if (Refusing && events.Any(e => e.Type == type)) throw new EventBusUnavailableException("The bus is down.");
        lock (Published) Published.AddRange(events.Select(e => e.Id!));
        return inner.PublishAsync(topic, events, cancellationToken);
    }

    public Task PublishLaterAsync(string topic, CloudEvent cloudEvent, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        inner.PublishLaterAsync(topic, cloudEvent, notBefore, cancellationToken);

    public IAsyncDisposable Subscribe(string topic, string subscription, EventHandlerDelegate handler) => inner.Subscribe(topic, subscription, handler);
}
