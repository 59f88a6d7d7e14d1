using System.Globalization;
using System.Text;
using System.Text.Json;
using Hub.Core.Auth;
using Hub.Core.Http;
using Hub.Core.Storage;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Outputs;
using Hub.Matchmaking.Storage;
using Microsoft.AspNetCore.Http;

namespace Hub.Matchmaking.Http;

/// <summary>
/// The outputs of a matchmaking run: its meetings (all, or one participant's), meetings.csv, and a participant's agenda.ics
/// of the expo's published run. <c>admin</c> and <c>reader</c> read every expo, <c>organiser:&lt;expoId&gt;</c> its own (another
/// expo answers 404, as if unknown, so that existence does not leak), any other key 403.
/// </summary>
public sealed class MeetingOutputEndpoints(ExpoStore expos, MeetingsReader meetings, ApiKeyAuthenticator authenticator)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary><c>GET /api/expos/{expoId}/matchmaking-runs/{runId}/meetings?participantId=&amp;pageSize=&amp;continuationToken=</c></summary>
    public async Task<IResult> ListAsync(HttpRequest request, string expoId, string runId, CancellationToken cancellationToken)
    {
        if (Authorise(request, expoId) is { } refused) return refused;
        var q = request.Query;
        var pageSize = DefaultPageSize;
        if (q["pageSize"].ToString() is { Length: > 0 } size
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
            return Problems.BadRequest("pageSize", $"Must be a whole number from 1 to {MaxPageSize}, not '{size}'.");
        var token = q["continuationToken"].ToString() is { Length: > 0 } t ? t : null;
        var participantId = q["participantId"].ToString() is { Length: > 0 } p ? p : null;

        var (run, problem) = await CompletedRunAsync(expoId, runId, cancellationToken).ConfigureAwait(false);
        if (problem is not null) return problem;

        MeetingEntryPage page;
        try
        {
            if (participantId is null)
                page = await meetings.PageAllAsync(run!.ResultPartition, pageSize, token, cancellationToken).ConfigureAwait(false);
            else
            {
                if (await expos.GetParticipantAsync(expoId, participantId, cancellationToken).ConfigureAwait(false) is null)
                    return Problems.NotFound($"No participant '{participantId}' is registered at expo '{expoId}'.");
                // A participant registered after the run, or one the run wrote no document for, has no meetings in it.
                page = MeetingsReader.Page(await meetings.ParticipantAsync(run!.ResultPartition, participantId, cancellationToken).ConfigureAwait(false), pageSize, token);
            }
        }
        catch (InvalidContinuationTokenException e)
        {
            return Problems.BadRequest("continuationToken", e.Message);
        }

        var answer = new MeetingPage([.. page.Items.Select(MeetingItem.From)], page.ContinuationToken);
        return Results.Content(JsonSerializer.Serialize(answer, MatchmakingJsonContext.Default.MeetingPage), "application/json; charset=utf-8", Encoding.UTF8);
    }

    /// <summary><c>GET /api/expos/{expoId}/matchmaking-runs/{runId}/meetings.csv</c>: every meeting once, by day, start and table, streamed.</summary>
    public async Task<IResult> GetCsvAsync(HttpRequest request, string expoId, string runId, CancellationToken cancellationToken)
    {
        if (Authorise(request, expoId) is { } refused) return refused;
        var (run, problem) = await CompletedRunAsync(expoId, runId, cancellationToken).ConfigureAwait(false);
        if (problem is not null) return problem;
        var expo = run!.Expo;
        var slots = new SlotGrid(expo).Count;
        return Results.Stream(
            body => MeetingsCsv.WriteAsync(meetings, run.ResultPartition, slots, expo.Tables, body, cancellationToken),
            "text/csv; charset=utf-8", fileDownloadName: $"{expoId}-{runId}-meetings.csv");
    }

    /// <summary><c>GET /api/expos/{expoId}/participants/{participantId}/agenda.ics</c>: the participant's meetings of the published run.</summary>
    public async Task<IResult> GetAgendaAsync(HttpRequest request, string expoId, string participantId, CancellationToken cancellationToken)
    {
        if (Authorise(request, expoId) is { } refused) return refused;
        var expo = await expos.GetExpoAsync(expoId, cancellationToken).ConfigureAwait(false);
        if (expo is null) return UnknownExpo(expoId);
        var participant = await expos.GetParticipantAsync(expoId, participantId, cancellationToken).ConfigureAwait(false);
        if (participant is null) return Problems.NotFound($"No participant '{participantId}' is registered at expo '{expoId}'.");
        if (expo.PublishedRunId is null) return Problems.NotFound($"Expo '{expoId}' has nothing published yet: agendas show the published run.");

        var lookup = await meetings.FindRunAsync(expoId, expo.PublishedRunId, cancellationToken).ConfigureAwait(false);
        if (lookup is not RunLookup.Completed completed)
            return Problems.Conflict($"The published run '{expo.PublishedRunId}' of expo '{expoId}' has no meetings to show.");
        var own = await meetings.ParticipantAsync(completed.ResultPartition, participantId, cancellationToken).ConfigureAwait(false);
        var run = completed.Run;
        string calendar;
        try
        {
            calendar = AgendaCalendar.Write(expo, participant, own?.Meetings ?? [], run.PublishedAt ?? run.CompletedAt ?? run.RequestedAt);
        }
        catch (TimeZoneNotFoundException)
        {
            return Problems.Conflict($"Expo '{expoId}' names time zone '{expo.TimeZone}', which this host does not know.");
        }
        return Results.Content(calendar, AgendaCalendar.ContentType, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private async Task<(CompletedRun? Run, IResult? Problem)> CompletedRunAsync(string expoId, string runId, CancellationToken cancellationToken)
    {
        var expo = await expos.GetExpoAsync(expoId, cancellationToken).ConfigureAwait(false);
        if (expo is null) return (null, UnknownExpo(expoId));
        return await meetings.FindRunAsync(expoId, runId, cancellationToken).ConfigureAwait(false) switch
        {
            RunLookup.Completed completed => (new CompletedRun(expo, completed.ResultPartition), null),
            RunLookup.NotCompleted notCompleted => (null, Problems.Conflict(
                notCompleted.Run.Status == MatchmakingRunStatuses.Failed
                    ? $"Run '{runId}' failed; it has no meetings. Request a new run."
                    : $"Run '{runId}' is {notCompleted.Run.Status}; its meetings are shown once it has completed.")),
            _ => (null, Problems.NotFound($"No matchmaking run '{runId}' is known at expo '{expoId}'.")),
        };
    }

    private IResult? Authorise(HttpRequest request, string expoId) =>
        authenticator.Challenge(request, out var scope) ?? MatchmakingAccess.Refuse(scope, expoId, write: false);

    private static IResult UnknownExpo(string expoId) => MatchmakingAccess.UnknownExpo(expoId);

    private sealed record CompletedRun(Expo Expo, string ResultPartition);
}
