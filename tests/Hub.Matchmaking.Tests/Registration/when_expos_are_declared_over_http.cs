using Hub.Core.Storage;

namespace Hub.Matchmaking.Tests.Registration;

public sealed class when_expos_are_declared_over_http : IAsyncLifetime
{
    private readonly RegistrationHost _host = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task a_new_expo_answers_201_with_its_location_and_a_changed_one_200()
    {
        var created = await _host.PutExpoAsync("gdte-2026", RegistrationHost.ExpoJson());
        Assert.Equal(201, created.Status);
        Assert.Equal("/api/expos/gdte-2026", created.Location);
        Assert.Equal("广交会 2026 Test Expo", created.Json.GetProperty("name").GetString());

        var updated = await _host.PutExpoAsync("gdte-2026", RegistrationHost.ExpoJson("Renamed"));
        Assert.Equal(200, updated.Status);
        Assert.Equal("Renamed", (await _host.Store.GetExpoAsync("gdte-2026", Ct))!.Name);
    }

    [Fact]
    public async Task an_organisers_update_keeps_the_published_run_whatever_the_body_says()
    {
        const string expoId = RegistrationHost.ExpoA;
        await _host.PutExpoAsync(expoId, RegistrationHost.ExpoJson(), RegistrationHost.OrganiserAKey);
        var (stored, etag) = (await _host.Store.GetExpoForUpdateAsync(expoId, Ct))!.Value;
        Assert.True(await _host.Store.PutExpoAsync(stored with { PublishedRunId = "run-7" }, WriteCondition.IfMatch(etag), Ct));

        var without = await _host.PutExpoAsync(expoId, RegistrationHost.ExpoJson("Renamed"), RegistrationHost.OrganiserAKey);
        var forged = RegistrationHost.ExpoJson("Renamed again").TrimEnd().TrimEnd('}') + ""","publishedRunId":"run-forged"}""";
        var with = await _host.PutExpoAsync(expoId, forged, RegistrationHost.OrganiserAKey);

        Assert.Equal((200, 200), (without.Status, with.Status));
        Assert.Equal("run-7", without.Json.GetProperty("publishedRunId").GetString());
        Assert.Equal("run-7", with.Json.GetProperty("publishedRunId").GetString());
        var expo = (await _host.Store.GetExpoAsync(expoId, Ct))!;
        Assert.Equal(("Renamed again", "run-7"), (expo.Name, expo.PublishedRunId));
    }

    [Fact]
    public async Task the_expo_read_back_is_what_was_declared_and_can_be_sent_again()
    {
        await _host.PutExpoAsync("gdte-2026", RegistrationHost.ExpoJson());

        var read = await _host.GetExpoAsync("gdte-2026");
        Assert.Equal(200, read.Status);
        Assert.False(read.Json.TryGetProperty("effectiveWeights", out _));

        var again = await _host.PutExpoAsync("gdte-2026", read.Body);
        Assert.Equal(200, again.Status);
        Assert.Equal(read.Body, again.Body);
    }

    [Fact]
    public async Task an_invalid_declaration_answers_400_and_changes_nothing()
    {
        await _host.PutExpoAsync("gdte-2026", RegistrationHost.ExpoJson());

        var answer = await _host.PutExpoAsync("gdte-2026", RegistrationHost.ExpoJson("Renamed").Replace("\"tables\":40", "\"tables\":0"));

        Assert.Equal(400, answer.Status);
        Assert.Equal(["tables"], answer.Errors.Keys);
        Assert.Equal("广交会 2026 Test Expo", (await _host.Store.GetExpoAsync("gdte-2026", Ct))!.Name);
    }

    [Fact]
    public async Task a_body_that_is_not_json_answers_400_or_415()
    {
        Assert.Equal(400, (await _host.PutExpoAsync("gdte-2026", "{")).Status);
        var context = RegistrationHost.Request("PUT", RegistrationHost.AdminKey, RegistrationHost.ExpoJson(), "text/plain");
        Assert.Equal(415, (await _host.Expos.PutAsync(context.Request, "gdte-2026", Ct).AnswerAsync(context)).Status);
    }

    [Fact]
    public async Task an_unknown_expo_reads_as_404()
    {
        var answer = await _host.GetExpoAsync("nowhere");

        Assert.Equal(404, answer.Status);
        Assert.Equal("No expo 'nowhere'.", answer.Json.GetProperty("detail").GetString());
    }
}
