using System.Text;
using System.Text.Json;
using Hub.Functions.Matchmaking;
using Hub.Functions.ReadStore;

namespace Hub.Functions.Tests;

/// <summary>
/// Registration in Azure: the Matchmaking app's functions write the expo and its participants, the read-store app's
/// functions read them back, each through its own class, with the seed registry's sample organiser key.
/// </summary>
public sealed class an_expo_is_registered_and_read_through_the_functions : IAsyncDisposable
{
    private const string ExpoId = "gdte-2026";
    private const string OrganiserKey = "sample-organiser-key";
    private readonly FunctionsHarness _hub = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private Microsoft.AspNetCore.Http.HttpRequest Put(string path, string body, string contentType, string key = OrganiserKey) =>
        _hub.Request("PUT", path, body: Encoding.UTF8.GetBytes(body), contentType: contentType,
            headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" });

    [Fact]
    public async Task the_sample_organiser_registers_its_expo_by_json_and_csv_and_reads_it_back()
    {
        var expo = Put($"/api/expos/{ExpoId}", """
            {"name":"广东贸易博览会 2026","timeZone":"Asia/Shanghai","days":[{"date":"2026-05-20","opens":"09:00","closes":"17:00"}],"slotMinutes":20,"tables":40}
            """, "application/json");
        Assert.Equal(201, (await FunctionsHarness.AnswerAsync(expo, await _hub.Function<PutExpo>().RunAsync(expo, ExpoId, Ct))).Status);

        var exhibitors = Put($"/api/expos/{ExpoId}/exhibitors", """[{"id":"ex-1","company":"佛山陶瓷有限公司","country":"CN","categories":["6907"]}]""", "application/json");
        var registered = await FunctionsHarness.AnswerAsync(exhibitors, await _hub.Function<UpsertExhibitors>().RunAsync(exhibitors, ExpoId, Ct));
        Assert.Equal((200, """{"received":1,"created":1,"updated":0}"""), (registered.Status, registered.Body));

        var buyers = Put($"/api/expos/{ExpoId}/buyers", "id,company,country,interests,requests\nb-1,Casa Azulejo SL,ES,6907,ex-1\n", "text/csv");
        Assert.Equal(200, (await FunctionsHarness.AnswerAsync(buyers, await _hub.Function<UpsertBuyers>().RunAsync(buyers, ExpoId, Ct))).Status);

        var cancel = _hub.Authorized("DELETE", $"/api/expos/{ExpoId}/participants/b-1", key: OrganiserKey);
        Assert.Equal(200, (await FunctionsHarness.AnswerAsync(cancel, await _hub.Function<CancelParticipant>().RunAsync(cancel, ExpoId, "b-1", Ct))).Status);

        var read = _hub.Authorized("GET", $"/api/expos/{ExpoId}");
        var answer = await FunctionsHarness.AnswerAsync(read, await _hub.Function<GetExpo>().RunAsync(read, ExpoId, Ct));
        Assert.Equal("广东贸易博览会 2026", JsonDocument.Parse(answer.Body).RootElement.GetProperty("name").GetString());

        var list = _hub.Authorized("GET", $"/api/expos/{ExpoId}/participants", "?kind=buyer");
        var page = JsonDocument.Parse((await FunctionsHarness.AnswerAsync(list, await _hub.Function<ListParticipants>().RunAsync(list, ExpoId, Ct))).Body).RootElement;
        var buyer = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(("b-1", true), (buyer.GetProperty("id").GetString(), buyer.GetProperty("cancelled").GetBoolean()));
    }

    [Fact]
    public async Task the_sample_organiser_key_does_not_reach_another_expo()
    {
        var expo = Put("/api/expos/other-expo", """{"name":"x","timeZone":"UTC","days":[{"date":"2026-05-20","opens":"09:00","closes":"17:00"}],"slotMinutes":20,"tables":4}""", "application/json");

        Assert.Equal(404, (await FunctionsHarness.AnswerAsync(expo, await _hub.Function<PutExpo>().RunAsync(expo, "other-expo", Ct))).Status);
    }
}
