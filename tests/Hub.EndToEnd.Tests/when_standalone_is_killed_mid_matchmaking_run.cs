using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hub.Core.Storage;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Sqlite;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;
using Hub.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// SIGKILL while a matchmaking run is running, then a restart on the same data folder: the run's request is delivered again,
/// the run runs again as a new attempt and completes, and at no moment does its status name a partition of meetings that is
/// not wholly written (checked by reading hub.db beside the running process, as often as it can).
/// </summary>
/// <remarks>
/// The registration routes are not on this branch: the expo and its participants are put into the data folder before
/// Standalone starts, through the same <see cref="ExpoStore"/> over the same <see cref="SqliteReadStore"/> file (hub.db,
/// the schema Standalone opens) that registration writes through.
/// </remarks>
public sealed class when_standalone_is_killed_mid_matchmaking_run : IAsyncLifetime
{
    private const string AdminKey = "sample-admin-key";
    private const string ExpoId = "kill-expo";
    private const int Exhibitors = 400;
    private const int Buyers = 2000;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hub-kill-matchmaking-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the run is when the process dies: computing the schedule, or writing its meetings.</summary>
    public enum KillPoint { WhileComputing, WhileStoring }

    // Small batches and frequent progress, so that the writing of the meetings lasts long enough to be caught in the act.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Hub:Matchmaking:Runs:WriteBatchSize"] = "20",
        ["Hub:Matchmaking:Runs:ProgressInterval"] = "00:00:00.020",
    };

    [Theory]
    [InlineData(KillPoint.WhileComputing)]
    [InlineData(KillPoint.WhileStoring)]
    public async Task the_run_completes_after_a_restart_as_a_new_attempt_and_no_half_written_schedule_is_ever_named(KillPoint killPoint)
    {
        await SeedAsync();
        var named = new List<string>();
        string runId;
        await using (var first = await StandaloneProcess.StartAsync(_data, settings: Settings))
        {
            using var http = Client(first);
            using var posted = await http.PostAsync($"/api/expos/{ExpoId}/matchmaking-runs", null, Ct);
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            runId = JsonDocument.Parse(await posted.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("runId").GetString()!;

            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (true)
            {
                var status = await StatusAsync(http, runId);
                Assert.NotEqual("completed", status.GetProperty("status").GetString());
                var stage = status.TryGetProperty("progress", out var progress) ? progress.GetProperty("stage").GetString() : null;
                if (status.GetProperty("status").GetString() == "running"
                    && (killPoint == KillPoint.WhileComputing ? stage is "candidates" or "selection" or "scheduling" : stage == "storing"))
                {
                    TestContext.Current.TestOutputHelper?.WriteLine($"Killed at {stage} {progress.GetProperty("fraction").GetDouble():F2}");
                    break;
                }
                Assert.True(DateTime.UtcNow < deadline, $"The run never reached {killPoint}.");
                await Task.Delay(5, Ct);
            }
            await CheckNamedPartitionAsync(runId, named);
            first.KillHard();
        }
        if (killPoint == KillPoint.WhileStoring) Assert.NotEmpty(await DocumentsAsync(MatchmakingRun.PartitionOf(ExpoId, runId, 1)));

        var killed = await StoredRunAsync(runId);
        Assert.Equal(MatchmakingRunStatuses.Running, killed.Status);
        Assert.Equal(1, killed.Attempt);
        Assert.Null(killed.ResultPartition);

        await using var second = await StandaloneProcess.StartAsync(_data, settings: Settings);
        using var http2 = Client(second);
        JsonElement settled;
        var until = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            await CheckNamedPartitionAsync(runId, named);
            settled = await StatusAsync(http2, runId);
            if (settled.GetProperty("status").GetString() is "completed" or "failed") break;
            Assert.True(DateTime.UtcNow < until, $"The run did not settle after the restart:\n{second.Output}");
            await Task.Delay(20, Ct);
        }

        Assert.Equal("completed", settled.GetProperty("status").GetString());
        TestContext.Current.TestOutputHelper?.WriteLine($"The second attempt took {settled.GetProperty("durationSeconds").GetDouble():F1} s");
        var run = await StoredRunAsync(runId);
        Assert.Equal(2, run.Attempt);
        Assert.Equal(MatchmakingRun.PartitionOf(ExpoId, runId, 2), run.ResultPartition);
        // Every time the status named a partition, it was this one, whole.
        Assert.All(named, p => Assert.Equal(run.ResultPartition, p));
        Assert.Empty(await DocumentsAsync(MatchmakingRun.PartitionOf(ExpoId, runId, 1)));

        var documents = (await DocumentsAsync(run.ResultPartition!))
            .Select(json => JsonSerializer.Deserialize(json, Hub.Matchmaking.MatchmakingJsonContext.Default.ParticipantMeetings)!).ToList();
        Assert.Equal(Exhibitors + Buyers, documents.Count);
        var meetings = documents.Where(d => d.Kind == ParticipantKind.Exhibitor).SelectMany(d => d.Meetings).ToList();
        Assert.Equal(settled.GetProperty("metrics").GetProperty("meetingsScheduled").GetInt32(), meetings.Count);
        Assert.True(meetings.Count > Buyers, $"only {meetings.Count} meetings");
        // A consistent schedule: each meeting in both its documents, nobody twice in a slot, no slot over its tables.
        Assert.Equal(meetings.Count, documents.Where(d => d.Kind == ParticipantKind.Buyer).Sum(d => d.Meetings.Count));
        Assert.All(documents, d => Assert.Equal(d.Meetings.Count, d.Meetings.Select(m => m.Slot).Distinct().Count()));
        Assert.All(meetings.GroupBy(m => m.Slot), slot => Assert.Equal(slot.Count(), slot.Select(m => m.Table).Distinct().Count()));
    }

    /// <summary>The expo and its participants, written into hub.db as registration writes them.</summary>
    private async Task SeedAsync()
    {
        var database = new SqliteDatabase(Path.Combine(_data, "hub.db"));
        var readers = new SqliteReaders(database);
        var writer = new SqliteWriter(database, NullLogger<SqliteWriter>.Instance);
        try
        {
            var expos = new ExpoStore(new SqliteReadStore(database, readers, writer));
            var days = new[] { new DateOnly(2026, 5, 20), new DateOnly(2026, 5, 21) }.Select(d => new ExpoDay(d, new TimeOnly(9, 0), new TimeOnly(17, 0))).ToList();
            await expos.PutExpoAsync(new Expo(ExpoId, "Kill test expo", "Asia/Shanghai", days, SlotMinutes: 30, Tables: 120), WriteCondition.Always, Ct);
            for (var i = 0; i < Exhibitors; i++)
                await expos.PutParticipantAsync(ExpoId, new Participant($"e-{i:D4}", ParticipantKind.Exhibitor, $"Exhibitor {i}", "CN",
                    [$"84{i % 10:D2}{i % 7:D2}"], "", ["MY", "GB"], i % 2 == 0 ? ["zh", "en"] : ["zh"], []), Ct);
            for (var j = 0; j < Buyers; j++)
                await expos.PutParticipantAsync(ExpoId, new Participant($"b-{j:D5}", ParticipantKind.Buyer, $"Buyer {j}", j % 3 == 0 ? "GB" : "MY",
                    [], "", [], ["en"], [], Interests: [$"84{j % 10:D2}"]), Ct);
        }
        finally
        {
            await writer.DisposeAsync();
            readers.Dispose();
            using var pooled = new SqliteConnection(database.ConnectionString);
            SqliteConnection.ClearPool(pooled);
        }
    }

    /// <summary>If the stored status names a partition, that partition holds every participant's document.</summary>
    private async Task CheckNamedPartitionAsync(string runId, List<string> named)
    {
        var run = await StoredRunAsync(runId);
        if (run.ResultPartition is not { } partition) return;
        Assert.Equal(Exhibitors + Buyers, (await DocumentsAsync(partition)).Count);
        named.Add(partition);
    }

    private async Task<MatchmakingRun> StoredRunAsync(string runId)
    {
        var json = Assert.Single(await QueryAsync("SELECT body FROM documents WHERE container = 'matchmaking-runs' AND pk = $pk AND id = $id",
            ("$pk", ExpoId), ("$id", runId)));
        return JsonSerializer.Deserialize(json, Hub.Matchmaking.MatchmakingJsonContext.Default.MatchmakingRun)!;
    }

    private Task<List<string>> DocumentsAsync(string partition) =>
        QueryAsync("SELECT body FROM documents WHERE container = 'meetings' AND pk = $pk", ("$pk", partition));

    /// <summary>Reads hub.db read-only beside the process that writes it (WAL lets readers in at any moment).</summary>
    private async Task<List<string>> QueryAsync(string sql, params (string Name, string Value)[] parameters)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_data, "hub.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) rows.Add(reader.GetString(0));
        return rows;
    }

    private static HttpClient Client(StandaloneProcess process)
    {
        var http = process.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return http;
    }

    private static async Task<JsonElement> StatusAsync(HttpClient http, string runId)
    {
        using var response = await http.GetAsync($"/api/expos/{ExpoId}/matchmaking-runs/{runId}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
