using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Http;
using Hub.Core.Storage;
using Hub.Core.Validation;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Registration;
using Hub.Matchmaking.Storage;
using Microsoft.AspNetCore.Http;

namespace Hub.Matchmaking.Http;

/// <summary>
/// <c>PUT /api/expos/{expoId}</c>, shared by the Matchmaking Functions app and Standalone: declares an expo (201) or
/// replaces its declaration (200). The published run is the expo's own state, not the organiser's declaration, so it is
/// carried over from the stored expo whatever the body says.
/// </summary>
public sealed class ExpoRegistrationEndpoint(ExpoStore store, MatchmakingAccess access)
{
    /// <summary>An expo's declaration is a few hundred bytes per day; 1 MiB is far beyond any real one.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>How often a write that lost a race (a run published in between) is tried again on the newer expo.</summary>
    private const int Attempts = 5;

    public async Task<IResult> PutAsync(HttpRequest request, string expoId, CancellationToken cancellationToken)
    {
        expoId = PathValues.Exact(request, expoId, segmentFromEnd: 0);
        if (access.CheckWrite(request, expoId) is { } refused) return refused;
        if (!RequestBodies.IsJson(request)) return Problems.UnsupportedMediaType(request.ContentType, "application/json");
        var body = await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null) return Problems.PayloadTooLarge(MaxBodyBytes);

        if (!RequestBodies.TryParseJson(body, out var document, out var notJson)) return Problems.BadRequest("body", notJson);

        Expo? declared;
        using (document)
        {
            var errors = new ValidationErrors();
            declared = ExpoDeclaration.Read(expoId, document.RootElement, errors);
            if (declared is null) return Problems.Validation(errors.ToDictionary());
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var stored = await store.GetExpoForUpdateAsync(expoId, cancellationToken).ConfigureAwait(false);
            var expo = declared with { PublishedRunId = stored?.Expo.PublishedRunId };
            var condition = stored is { } s ? WriteCondition.IfMatch(s.ETag) : WriteCondition.NotExists;
            if (!await store.PutExpoAsync(expo, condition, cancellationToken).ConfigureAwait(false)) continue;

            var json = HubJson.Serialize(expo, MatchmakingJsonContext.Default.Expo);
            if (stored is not null) return Results.Text(json, "application/json; charset=utf-8", Encoding.UTF8, StatusCodes.Status200OK);
            request.HttpContext.Response.Headers.Location = $"/api/expos/{Uri.EscapeDataString(expoId)}";
            return Results.Text(json, "application/json; charset=utf-8", Encoding.UTF8, StatusCodes.Status201Created);
        }
        return Problems.Conflict($"Expo '{expoId}' kept changing while it was being written; send the request again.");
    }
}
