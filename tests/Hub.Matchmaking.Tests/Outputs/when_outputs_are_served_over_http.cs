using System.Net;
using System.Net.Http.Headers;
using Hub.Matchmaking.Http;
using Hub.Matchmaking.Tests.Outputs.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Hub.Matchmaking.Tests.Outputs.Support.OutputsWorld;

namespace Hub.Matchmaking.Tests.Outputs;

/// <summary>
/// The three output routes on a real Kestrel on loopback, mapped as the hosts map them: what a response body allows
/// (no synchronous writes), the headers a client sees, the bytes it gets.
/// </summary>
public sealed class when_outputs_are_served_over_http : IAsyncLifetime
{
    private readonly OutputsWorld _world = new();
    private WebApplication? _app;
    private HttpClient? _http;

    public async ValueTask InitializeAsync()
    {
        var expo = Expos.InHangzhou;
        await _world.PutExpoAsync(expo);
        await _world.PutParticipantsAsync(expo.ExpoId, Expos.Everyone);
        await _world.PutCompletedRunAsync(expo, "run-1", Expos.Everyone, Expos.Meetings(expo), publishedAt: DateTimeOffset.UnixEpoch);
        await _world.PublishAsync(expo, "run-1");

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(_world.Endpoints);
        _app = builder.Build();
        var api = _app.MapGroup("/api");
        api.MapGet("/expos/{expoId}/matchmaking-runs/{runId}/meetings", (HttpRequest request, string expoId, string runId, MeetingOutputEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListAsync(request, expoId, runId, ct));
        api.MapGet("/expos/{expoId}/matchmaking-runs/{runId}/meetings.csv", (HttpRequest request, string expoId, string runId, MeetingOutputEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetCsvAsync(request, expoId, runId, ct));
        api.MapGet("/expos/{expoId}/participants/{participantId}/agenda.ics", (HttpRequest request, string expoId, string participantId, MeetingOutputEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetAgendaAsync(request, expoId, participantId, ct));
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReaderKey);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task meetings_csv_streams_with_its_bom_and_download_name()
    {
        using var response = await _http!.GetAsync($"/api/expos/{Expos.Hangzhou}/matchmaking-runs/run-1/meetings.csv", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"{Expos.Hangzhou}-run-1-meetings.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        // The header and seven meetings (one company holds a quoted line break of its own).
        Assert.Equal(9, System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task agenda_ics_comes_as_text_calendar_that_validates()
    {
        using var response = await _http!.GetAsync($"/api/expos/{Expos.Hangzhou}/participants/E1/agenda.ics", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var calendar = ICalendarValidator.Validate(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(3, calendar.All("VEVENT").Count());
    }

    [Fact]
    public async Task the_meetings_listing_answers_json_and_problems_as_problem_json()
    {
        using var listing = await _http!.GetAsync($"/api/expos/{Expos.Hangzhou}/matchmaking-runs/run-1/meetings?pageSize=2", Ct);
        using var unknown = await _http.GetAsync($"/api/expos/{Expos.Hangzhou}/matchmaking-runs/nope/meetings", Ct);

        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        Assert.Equal("application/json", listing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
    }
}
