using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Http;
using Hub.Core.Validation;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Registration;
using Hub.Matchmaking.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hub.Matchmaking.Http;

/// <summary>
/// <c>PUT /api/expos/{expoId}/exhibitors</c>, <c>PUT /api/expos/{expoId}/buyers</c> (bulk upsert from a JSON array or CSV,
/// all or nothing) and <c>DELETE /api/expos/{expoId}/participants/{participantId}</c> (cancel), shared by the Matchmaking
/// Functions app and Standalone.
/// </summary>
public sealed class ParticipantRegistrationEndpoints(ExpoStore store, ParticipantRegistration registration, MatchmakingAccess access)
{
    /// <summary>The largest body taken: some 30,000 typical participants in JSON, more in CSV.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>The most records one request registers; a larger expo registers in several requests.</summary>
    public const int MaxRecords = 50_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public Task<IResult> PutExhibitorsAsync(HttpRequest request, string expoId, CancellationToken cancellationToken) =>
        PutAsync(request, expoId, ParticipantKind.Exhibitor, cancellationToken);

    public Task<IResult> PutBuyersAsync(HttpRequest request, string expoId, CancellationToken cancellationToken) =>
        PutAsync(request, expoId, ParticipantKind.Buyer, cancellationToken);

    public async Task<IResult> CancelAsync(HttpRequest request, string expoId, string participantId, CancellationToken cancellationToken)
    {
        expoId = PathValues.Exact(request, expoId, segmentFromEnd: 2);
        participantId = PathValues.Exact(request, participantId, segmentFromEnd: 0);
        if (access.CheckWrite(request, expoId) is { } refused) return refused;
        if (await store.GetExpoAsync(expoId, cancellationToken).ConfigureAwait(false) is null) return MatchmakingAccess.UnknownExpo(expoId);
        if (await store.GetParticipantAsync(expoId, participantId, cancellationToken).ConfigureAwait(false) is not { } participant)
            return Problems.NotFound($"No participant '{participantId}' in expo '{expoId}'.");

        var cancelled = participant with { Cancelled = true };
        if (!participant.Cancelled) await store.PutParticipantAsync(expoId, cancelled, cancellationToken).ConfigureAwait(false);
        return Results.Text(HubJson.Serialize(cancelled, MatchmakingJsonContext.Default.Participant), "application/json; charset=utf-8", Encoding.UTF8);
    }

    private async Task<IResult> PutAsync(HttpRequest request, string expoId, ParticipantKind kind, CancellationToken cancellationToken)
    {
        expoId = PathValues.Exact(request, expoId, segmentFromEnd: 1);
        if (access.CheckWrite(request, expoId) is { } refused) return refused;
        if (await store.GetExpoAsync(expoId, cancellationToken).ConfigureAwait(false) is not { } expo) return MatchmakingAccess.UnknownExpo(expoId);

        var json = RequestBodies.IsJson(request);
        if (!json && !IsCsv(request)) return Problems.UnsupportedMediaType(request.ContentType, "application/json (an array of participants) or text/csv (UTF-8)");
        var body = await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null) return Problems.PayloadTooLarge(MaxBodyBytes);

        var errors = new ValidationErrors();
        List<ParticipantFields> records;
        IRecordPaths paths;
        if (json)
        {
            if (!RequestBodies.TryParseJson(body, out var document, out var notJson)) return Problems.BadRequest("body", notJson);
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Array) return Problems.BadRequest("body", $"The body must be a JSON array of participants, not {ExpoDeclaration.Describe(root)}.");
                if (root.GetArrayLength() > MaxRecords) return TooMany(root.GetArrayLength());
                records = ParticipantJsonReader.Read(root, kind, errors);
            }
            paths = JsonRecordPaths.Instance;
        }
        else
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(body);
            }
            catch (DecoderFallbackException e)
            {
                return Problems.BadRequest("body", $"The CSV is not UTF-8 (byte {e.Index}); save it as UTF-8 (Excel: 'CSV UTF-8').");
            }
            var read = ParticipantCsvReader.Read(text, MaxRecords, errors);
            if (read is null) return TooMany(null);
            records = read;
            paths = CsvRecordPaths.Instance;
        }

        if (!errors.IsEmpty) return Problems.Validation(errors.ToDictionary(), Detail(errors));
        var answer = await registration.RegisterAsync(expo, kind, records, paths, errors, cancellationToken).ConfigureAwait(false);
        if (answer is null) return Problems.Validation(errors.ToDictionary(), Detail(errors));
        return Results.Text(HubJson.Serialize(answer, MatchmakingJsonContext.Default.RegistrationAnswer), "application/json; charset=utf-8", Encoding.UTF8);
    }

    private static string Detail(ValidationErrors errors) =>
        $"Nothing was registered: {errors.Count} field(s) have faults, each listed in 'errors'. Fix them and send the whole request again.";

    private static IResult TooMany(int? count) =>
        Problems.BadRequest("body", $"At most {MaxRecords} records per request{(count is { } c ? $", not {c}" : "")}; register the rest in further requests.");

    private static bool IsCsv(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)) return false;
        var charset = mediaType.Charset;
        return mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
            && (!charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }
}
