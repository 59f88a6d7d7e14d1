namespace Hub.Matchmaking.Tests.Registration;

/// <summary>
/// admin: everything; reader: reads only; organiser:&lt;expoId&gt;: its own expo only, and another expo answers exactly as an
/// unknown one; any other key: 403; no key: 401.
/// </summary>
public sealed class when_keys_of_each_scope_reach_matchmaking : IAsyncLifetime
{
    private readonly RegistrationHost _host = new();
    private const string Participant = """[{"id":"ex-1","company":"A","country":"CN"}]""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Assert.Equal(201, (await _host.PutExpoAsync(RegistrationHost.ExpoA, RegistrationHost.ExpoJson())).Status);
        Assert.Equal(201, (await _host.PutExpoAsync(RegistrationHost.ExpoB, RegistrationHost.ExpoJson("B"))).Status);
        Assert.Equal(200, (await _host.PutExhibitorsAsync(RegistrationHost.ExpoB, Participant)).Status);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task an_organiser_changes_and_reads_its_own_expo()
    {
        const string key = RegistrationHost.OrganiserAKey;
        Assert.Equal(200, (await _host.PutExpoAsync(RegistrationHost.ExpoA, RegistrationHost.ExpoJson("Mine"), key)).Status);
        Assert.Equal(200, (await _host.PutExhibitorsAsync(RegistrationHost.ExpoA, Participant, key: key)).Status);
        Assert.Equal(200, (await _host.GetExpoAsync(RegistrationHost.ExpoA, key)).Status);
        Assert.Equal(200, (await _host.ListAsync(RegistrationHost.ExpoA, key: key)).Status);
        Assert.Equal(200, (await _host.CancelAsync(RegistrationHost.ExpoA, "ex-1", key)).Status);
    }

    [Fact]
    public async Task an_organiser_may_declare_its_own_expo_when_it_does_not_exist_yet()
    {
        await using var host = new RegistrationHost();

        Assert.Equal(201, (await host.PutExpoAsync(RegistrationHost.ExpoA, RegistrationHost.ExpoJson(), RegistrationHost.OrganiserAKey)).Status);
    }

    [Fact]
    public async Task another_expo_answers_an_organiser_exactly_as_an_unknown_expo_and_is_not_changed()
    {
        const string key = RegistrationHost.OrganiserAKey;
        var unknown = await _host.GetExpoAsync("no-such-expo", key);
        var answers = new[]
        {
            await _host.GetExpoAsync(RegistrationHost.ExpoB, key),
            await _host.ListAsync(RegistrationHost.ExpoB, key: key),
            await _host.PutExpoAsync(RegistrationHost.ExpoB, RegistrationHost.ExpoJson("Taken"), key),
            await _host.PutExhibitorsAsync(RegistrationHost.ExpoB, """[{"id":"ex-1","company":"Taken","country":"CN"}]""", key: key),
            await _host.PutBuyersAsync(RegistrationHost.ExpoB, """[{"id":"b-1","company":"Taken","country":"CN"}]""", key: key),
            await _host.CancelAsync(RegistrationHost.ExpoB, "ex-1", key),
        };

        Assert.Equal(404, unknown.Status);
        Assert.All(answers, a => Assert.Equal(404, a.Status));
        Assert.All(answers, a => Assert.Equal("No expo 'expo-b'.", a.Json.GetProperty("detail").GetString()));
        Assert.All(answers, a => Assert.Equal(
            (unknown.Json.GetProperty("title").GetString(), unknown.Json.GetProperty("detail").GetString()!.Replace("no-such-expo", "expo-b"), unknown.Json.GetProperty("errors").GetRawText()),
            (a.Json.GetProperty("title").GetString(), a.Json.GetProperty("detail").GetString(), a.Json.GetProperty("errors").GetRawText())));
        Assert.Equal("B", (await _host.Store.GetExpoAsync(RegistrationHost.ExpoB, Ct))!.Name);
        var participant = (await _host.Store.GetParticipantAsync(RegistrationHost.ExpoB, "ex-1", Ct))!;
        Assert.Equal(("A", false), (participant.Company, participant.Cancelled));
    }

    [Fact]
    public async Task a_reader_reads_every_expo_and_changes_none()
    {
        const string key = RegistrationHost.ReaderKey;
        Assert.Equal(200, (await _host.GetExpoAsync(RegistrationHost.ExpoB, key)).Status);
        Assert.Equal(200, (await _host.ListAsync(RegistrationHost.ExpoA, key: key)).Status);

        Assert.Equal(403, (await _host.PutExpoAsync(RegistrationHost.ExpoA, RegistrationHost.ExpoJson("Reader's"), key)).Status);
        Assert.Equal(403, (await _host.PutExhibitorsAsync(RegistrationHost.ExpoB, Participant, key: key)).Status);
        Assert.Equal(403, (await _host.CancelAsync(RegistrationHost.ExpoB, "ex-1", key)).Status);
        // Refused before the expo is looked up: the answer is the same for an expo that does not exist.
        Assert.Equal(403, (await _host.PutExpoAsync("no-such-expo", RegistrationHost.ExpoJson(), key)).Status);
        Assert.Equal("广交会 2026 Test Expo", (await _host.Store.GetExpoAsync(RegistrationHost.ExpoA, Ct))!.Name);
    }

    [Fact]
    public async Task a_platform_key_is_refused_with_403_and_no_key_with_401()
    {
        Assert.Equal(403, (await _host.GetExpoAsync(RegistrationHost.ExpoA, RegistrationHost.PlatformKey)).Status);
        Assert.Equal(403, (await _host.PutExhibitorsAsync(RegistrationHost.ExpoA, Participant, key: RegistrationHost.PlatformKey)).Status);
        Assert.Equal(403, (await _host.ListAsync(RegistrationHost.ExpoA, key: RegistrationHost.PlatformKey)).Status);

        Assert.Equal(401, (await _host.GetExpoAsync(RegistrationHost.ExpoA, "not-a-key")).Status);
        Assert.Equal(401, (await _host.PutExpoAsync(RegistrationHost.ExpoA, RegistrationHost.ExpoJson(), "")).Status);
    }
}
