using System.Globalization;
using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Http;
using Hub.Core.Storage;
using Hub.Core.Validation;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;
using Microsoft.AspNetCore.Http;

namespace Hub.Matchmaking.Http;

/// <summary>
/// <c>GET /api/expos/{expoId}</c> and <c>GET /api/expos/{expoId}/participants?kind=&amp;pageSize=&amp;continuationToken=</c>,
/// shared by the read-store Functions app and Standalone.
/// </summary>
public sealed class ExpoQueryEndpoints(IReadStore readStore, ExpoStore store, MatchmakingAccess access)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    private static readonly HashSet<string> KnownParameters = ["kind", "pageSize", "continuationToken"];

    public async Task<IResult> GetExpoAsync(HttpRequest request, string expoId, CancellationToken cancellationToken)
    {
        expoId = PathValues.Exact(request, expoId, segmentFromEnd: 0);
        if (access.CheckRead(request, expoId) is { } refused) return refused;
        if (await store.GetExpoAsync(expoId, cancellationToken).ConfigureAwait(false) is not { } expo) return MatchmakingAccess.UnknownExpo(expoId);
        return Results.Text(HubJson.Serialize(expo, MatchmakingJsonContext.Default.Expo), "application/json; charset=utf-8", Encoding.UTF8);
    }

    public async Task<IResult> ListParticipantsAsync(HttpRequest request, string expoId, CancellationToken cancellationToken)
    {
        expoId = PathValues.Exact(request, expoId, segmentFromEnd: 1);
        if (access.CheckRead(request, expoId) is { } refused) return refused;

        var errors = new ValidationErrors();
        var q = request.Query;
        foreach (var unknown in q.Keys.Where(k => !KnownParameters.Contains(k)))
            errors.Add(unknown, $"Unknown parameter; the accepted ones are {string.Join(", ", KnownParameters)}.");
        var filters = new List<DocumentFilter>();
        switch (Single(q, "kind"))
        {
            case null: break;
            case "exhibitor": filters.Add(DocumentFilter.Eq("kind", StoredKind(ParticipantKind.Exhibitor))); break;
            case "buyer": filters.Add(DocumentFilter.Eq("kind", StoredKind(ParticipantKind.Buyer))); break;
            case var other: errors.Add("kind", $"'{other}' is not exhibitor or buyer."); break;
        }
        var pageSize = DefaultPageSize;
        if (Single(q, "pageSize") is { } pageSizeText && (!int.TryParse(pageSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
            errors.Add("pageSize", $"Must be a whole number from 1 to {MaxPageSize}, not '{pageSizeText}'.");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToDictionary());

        if (await store.GetExpoAsync(expoId, cancellationToken).ConfigureAwait(false) is null) return MatchmakingAccess.UnknownExpo(expoId);
        return await StoredDocumentPages.QueryAsync(readStore, new DocumentQuery(ReadStoreContainers.Participants)
        {
            PartitionKey = expoId,
            Filters = filters,
            PageSize = pageSize,
            ContinuationToken = Single(q, "continuationToken"),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The kind as participant documents hold it, from the serializer that wrote them.</summary>
    internal static string StoredKind(ParticipantKind kind) =>
        JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(kind, MatchmakingJsonContext.Default.ParticipantKind), MatchmakingJsonContext.Default.String)!;

    private static string? Single(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
