using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Storage;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Outputs;

/// <summary>Where a run stands for its outputs: unknown, not completed (no meetings to show yet), or completed.</summary>
public abstract record RunLookup
{
    public sealed record Unknown : RunLookup;
    public sealed record NotCompleted(MatchmakingRun Run) : RunLookup;
    public sealed record Completed(MatchmakingRun Run, string ResultPartition) : RunLookup;
}

/// <summary>One page of meetings and the token of the next (null on the last page).</summary>
public sealed record MeetingEntryPage(IReadOnlyList<MeetingEntry> Items, string? ContinuationToken);

/// <summary>
/// Reads a completed run's meetings from the <c>meetings</c> container. Each meeting is in two documents (its exhibitor's
/// and its buyer's); listings of every meeting read the exhibitors' documents only, so each meeting comes once.
/// </summary>
public sealed class MeetingsReader(IReadStore store)
{
    /// <summary>Exhibitor documents read per store page; a meetings page re-reads at most one such page to resume.</summary>
    public const int DocumentsPerStorePage = 100;

    public async Task<RunLookup> FindRunAsync(string expoId, string runId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(ReadStoreContainers.MatchmakingRuns, expoId, runId, cancellationToken).ConfigureAwait(false);
        if (document is null) return new RunLookup.Unknown();
        var run = JsonSerializer.Deserialize(document.Json, MatchmakingJsonContext.Default.MatchmakingRun)
            ?? throw new InvalidDataException("A stored MatchmakingRun document is null.");
        // Only a completed run has its partition: it is set in the same write that completes the run, once every document is in.
        return run.Status == MatchmakingRunStatuses.Completed && run.ResultPartition is { } partition
            ? new RunLookup.Completed(run, partition)
            : new RunLookup.NotCompleted(run);
    }

    /// <summary>One participant's meetings in a result partition, or null when the run wrote no document for it.</summary>
    public async Task<ParticipantMeetings?> ParticipantAsync(string resultPartition, string participantId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(ReadStoreContainers.Meetings, resultPartition, participantId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : Deserialize(document.Json);
    }

    /// <summary>
    /// One page of a participant's meetings, in slot order. <paramref name="continuationToken"/> comes from the previous page.
    /// </summary>
    /// <exception cref="InvalidContinuationTokenException">The token is not one this listing gave.</exception>
    public static MeetingEntryPage Page(ParticipantMeetings? meetings, int pageSize, string? continuationToken)
    {
        var cursor = Cursor.Read(continuationToken, forParticipant: true);
        var all = meetings?.Meetings.OrderBy(m => m.Slot).ThenBy(m => m.Table).ToList() ?? [];
        if (cursor.Meeting > all.Count) throw new InvalidContinuationTokenException("The continuation token points past this participant's meetings.");
        var items = all.Skip(cursor.Meeting).Take(pageSize).ToList();
        var next = cursor.Meeting + items.Count;
        return new MeetingEntryPage(items, next < all.Count ? new Cursor(null, 0, next).Write(forParticipant: true) : null);
    }

    /// <summary>
    /// One page of every meeting of a result partition, each once (from the exhibitors' documents), in exhibitor id order
    /// and within an exhibitor in slot order. The token holds where the previous page stopped: a store page's token, the
    /// document within it and the meeting within that document, so pages hold exactly <paramref name="pageSize"/> meetings.
    /// </summary>
    /// <exception cref="InvalidContinuationTokenException">The token is not one this listing gave.</exception>
    public async Task<MeetingEntryPage> PageAllAsync(string resultPartition, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var cursor = Cursor.Read(continuationToken, forParticipant: false);
        var items = new List<MeetingEntry>(pageSize);
        var (storeToken, document, meeting) = (cursor.StoreToken, cursor.Document, cursor.Meeting);
        while (true)
        {
            var page = await store.QueryAsync(ExhibitorDocuments(resultPartition, storeToken), cancellationToken).ConfigureAwait(false);
            if (document > page.Items.Count) throw new InvalidContinuationTokenException("The continuation token points past the run's meetings.");
            for (; document < page.Items.Count; document++, meeting = 0)
            {
                var meetings = Ordered(Deserialize(page.Items[document].Json));
                if (meeting > meetings.Count) throw new InvalidContinuationTokenException("The continuation token points past an exhibitor's meetings.");
                for (; meeting < meetings.Count; meeting++)
                {
                    if (items.Count == pageSize) return new MeetingEntryPage(items, new Cursor(storeToken, document, meeting).Write(forParticipant: false));
                    items.Add(meetings[meeting]);
                }
            }

            if (page.ContinuationToken is null) return new MeetingEntryPage(items, null);
            (storeToken, document, meeting) = (page.ContinuationToken, 0, 0);
        }
    }

    /// <summary>Every exhibitor's meetings of a result partition, one document at a time (a store page in memory at most).</summary>
    public async IAsyncEnumerable<ParticipantMeetings> ExhibitorsAsync(string resultPartition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await store.QueryAsync(ExhibitorDocuments(resultPartition, token), cancellationToken).ConfigureAwait(false);
            foreach (var document in page.Items) yield return Deserialize(document.Json);
            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>How the stored documents spell <see cref="ParticipantKind.Exhibitor"/>: read from the serializer that writes them, not assumed.</summary>
    private static readonly string StoredExhibitorKind = StoredKind(ParticipantKind.Exhibitor);

    private static DocumentQuery ExhibitorDocuments(string resultPartition, string? token) => new(ReadStoreContainers.Meetings)
    {
        PartitionKey = resultPartition,
        Filters = [DocumentFilter.Eq("kind", StoredExhibitorKind)],
        PageSize = DocumentsPerStorePage,
        ContinuationToken = token,
    };

    private static string StoredKind(ParticipantKind kind)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new ParticipantMeetings("", "", "", kind, []), MatchmakingJsonContext.Default.ParticipantMeetings));
        return document.RootElement.GetProperty("kind").GetString()!;
    }

    private static List<MeetingEntry> Ordered(ParticipantMeetings meetings) => [.. meetings.Meetings.OrderBy(m => m.Slot).ThenBy(m => m.Table)];

    private static ParticipantMeetings Deserialize(string json) =>
        JsonSerializer.Deserialize(json, MatchmakingJsonContext.Default.ParticipantMeetings)
        ?? throw new InvalidDataException("A stored ParticipantMeetings document is null.");

    /// <summary>A position in a listing, handed to the caller as an opaque token: <c>a|p</c>, then the meeting and document indexes, then the store's token.</summary>
    private readonly record struct Cursor(string? StoreToken, int Document, int Meeting)
    {
        public string Write(bool forParticipant)
        {
            var text = $"{(forParticipant ? 'p' : 'a')}|{Meeting}|{Document}|{StoreToken}";
            return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
        }

        public static Cursor Read(string? token, bool forParticipant)
        {
            if (string.IsNullOrEmpty(token)) return default;
            string text;
            try
            {
                text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            }
            catch (FormatException)
            {
                throw Invalid();
            }

            var parts = text.Split('|', 4);
            if (parts.Length != 4 || parts[0] != (forParticipant ? "p" : "a")
                || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var meeting)
                || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var document))
                throw Invalid();
            return new Cursor(parts[3].Length == 0 ? null : parts[3], document, meeting);
        }

        private static InvalidContinuationTokenException Invalid() =>
            new("The continuation token is not one this listing gave; start again without it.");
    }
}
