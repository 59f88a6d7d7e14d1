using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Auth;
using Hub.Core.Events;
using Hub.Core.Http;
using Hub.Core.Storage;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Runs;
using Hub.Matchmaking.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Matchmaking.Http;

/// <summary>
/// <c>POST /api/expos/{expoId}/matchmaking-runs</c> and <c>POST .../matchmaking-runs/{runId}/publish</c>, shared by the
/// Matchmaking Functions app and Standalone.
/// </summary>
public sealed class MatchmakingRunEndpoints(
    ExpoStore expos,
    MatchmakingRunStore runs,
    MatchmakingRunRequests requests,
    ApiKeyAuthenticator authenticator,
    TimeProvider clock,
    ILogger<MatchmakingRunEndpoints> logger)
{
    private const int MaxBodyBytes = 4096;
    private const int PublishTries = 5;

    /// <summary>
    /// Stores a queued run and requests it through the bus; answers 202 with where its status is. Optional body
    /// <c>{"preserveExisting": bool}</c>, by default true when the expo has a published run.
    /// </summary>
    public async Task<IResult> RequestAsync(HttpRequest request, string expoId, CancellationToken cancellationToken)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        if (RunAccess.Refuse(scope, expoId, write: true) is { } refused) return refused;

        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } bad) return bad;
        var expo = await expos.GetExpoAsync(expoId, cancellationToken).ConfigureAwait(false);
        if (expo is null) return RunAccess.UnknownExpo(expoId);

        var (exhibitors, buyers) = (false, false);
        await foreach (var participant in expos.ParticipantsAsync(expoId, cancellationToken).ConfigureAwait(false))
        {
            if (participant.Cancelled) continue;
            if (participant.Kind == ParticipantKind.Exhibitor) exhibitors = true;
            else buyers = true;
            if (exhibitors && buyers) break;
        }
        if (!exhibitors) return Problems.Conflict("expo has no active exhibitors");
        if (!buyers) return Problems.Conflict("expo has no active buyers");

        var run = new MatchmakingRun(expoId, NewRunId(), MatchmakingRunStatuses.Queued, clock.GetUtcNow(),
            PreserveExisting: body.PreserveExisting ?? expo.PublishedRunId is not null,
            BasedOnRunId: expo.PublishedRunId);
        if (!await runs.CreateAsync(run, cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException($"A new run id ({run.RunId}) is taken; run ids are random and should never meet.");
        try
        {
            await requests.RequestNowAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (EventBusUnavailableException e)
        {
            // The run is durably queued and the caller has its answer: the sweep requests it once the bus is back.
            logger.LogWarning(e, "The matchmaking run {RunId} of expo {ExpoId} is queued but could not be requested; the sweep requests it", run.RunId, expoId);
        }

        var statusUrl = RunAccess.StatusUrl(expoId, run.RunId);
        request.HttpContext.Response.Headers.Location = statusUrl;
        return MatchmakingRunQueryEndpoints.Json(
            HubJson.Serialize(new MatchmakingRunAccepted(run.RunId, statusUrl), MatchmakingJsonContext.Default.MatchmakingRunAccepted), StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Makes a completed run the expo's published run (what agendas show): the run is flagged published, the expo names it,
    /// and the run published before is flagged no longer. Each write is guarded by the ETag it was read with; one that lost
    /// to another write is read again and retried.
    /// </summary>
    public async Task<IResult> PublishAsync(HttpRequest request, string expoId, string runId, CancellationToken cancellationToken)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        if (RunAccess.Refuse(scope, expoId, write: true) is { } refused) return refused;

        for (var attempt = 0; attempt < PublishTries; attempt++)
        {
            var expo = await expos.GetExpoForUpdateAsync(expoId, cancellationToken).ConfigureAwait(false);
            if (expo is null) return RunAccess.UnknownExpo(expoId);
            var stored = await runs.GetAsync(expoId, runId, cancellationToken).ConfigureAwait(false);
            if (stored is null) return RunAccess.UnknownRun(expoId, runId);
            var run = stored.Run;
            if (run.Status != MatchmakingRunStatuses.Completed)
                return Problems.Conflict($"Matchmaking run '{runId}' is {run.Status}; only a completed run can be published.");

            if (!run.Published)
            {
                run = run with { Published = true, PublishedAt = clock.GetUtcNow() };
                if (await runs.ReplaceAsync(run, stored.ETag, cancellationToken).ConfigureAwait(false) is null) continue;
            }

            var before = expo.Value.Expo.PublishedRunId;
            if (before != runId
                && !await expos.PutExpoAsync(expo.Value.Expo with { PublishedRunId = runId }, WriteCondition.IfMatch(expo.Value.ETag), cancellationToken).ConfigureAwait(false))
                continue;
            if (before is not null && before != runId) await UnflagAsync(expoId, before, cancellationToken).ConfigureAwait(false);
            return MatchmakingRunQueryEndpoints.Json(HubJson.Serialize(MatchmakingRunView.Of(run, clock.GetUtcNow()), MatchmakingJsonContext.Default.MatchmakingRunView));
        }

        return Problems.Conflict($"Expo '{expoId}' or run '{runId}' kept changing while it was being published; publish again.");
    }

    /// <summary>The run published before is no longer: its flag goes (the expo, which agendas follow, already names the new one).</summary>
    private async Task UnflagAsync(string expoId, string runId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < PublishTries; attempt++)
        {
            var stored = await runs.GetAsync(expoId, runId, cancellationToken).ConfigureAwait(false);
            if (stored is null || !stored.Run.Published) return;
            if (await runs.ReplaceAsync(stored.Run with { Published = false }, stored.ETag, cancellationToken).ConfigureAwait(false) is not null) return;
        }
        logger.LogWarning("Matchmaking run {RunId} of expo {ExpoId} is still flagged published; the expo names the run published since", runId, expoId);
    }

    /// <summary>Time-ordered and random: runs listed by id come out in the order they were requested.</summary>
    private static string NewRunId() => Guid.CreateVersion7().ToString("N");

    private readonly record struct RequestBody(bool? PreserveExisting, IResult? Problem);

    private static async Task<RequestBody> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null) return new(null, Problems.PayloadTooLarge(MaxBodyBytes));
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return new(null, null);
        if (!RequestBodies.IsJson(request)) return new(null, Problems.UnsupportedMediaType(request.ContentType, "application/json, or no body"));

        if (!RequestBodies.TryParseJson(bytes, out var document, out var notJson)) return new(null, Problems.BadRequest("$", notJson));

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return new(null, Problems.BadRequest("$", "The body must be a JSON object: {\"preserveExisting\": true|false}."));
            bool? preserve = null;
            var errors = new Dictionary<string, string[]>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != "preserveExisting")
                    errors[property.Name] = ["Unknown field; the only field is 'preserveExisting'."];
                else if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    preserve = property.Value.GetBoolean();
                else if (property.Value.ValueKind != JsonValueKind.Null)
                    errors[property.Name] = ["Must be true or false."];
            }
            return errors.Count > 0 ? new(null, Problems.Validation(errors)) : new(preserve, null);
        }
    }
}
