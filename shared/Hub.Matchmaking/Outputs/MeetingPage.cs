using System.Text.Json.Serialization;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Outputs;

/// <summary>A meeting as <c>GET .../matchmaking-runs/{runId}/meetings</c> answers it: day as <c>2026-05-20</c>, times as <c>09:00</c>, local to the expo.</summary>
public sealed record MeetingItem(
    string ExhibitorId,
    string ExhibitorCompany,
    string BuyerId,
    string BuyerCompany,
    string Day,
    string Start,
    string End,
    int Table,
    double Score,
    IReadOnlyList<ScoreReason> Reasons)
{
    public static MeetingItem From(MeetingEntry meeting) => new(
        meeting.ExhibitorId, meeting.ExhibitorCompany, meeting.BuyerId, meeting.BuyerCompany,
        MeetingFormat.Day(meeting.Day), MeetingFormat.Time(meeting.Start), MeetingFormat.Time(meeting.End),
        meeting.Table, meeting.Score, meeting.Reasons);
}

/// <summary>One page of meetings; <see cref="ContinuationToken"/> is null (and written as null) on the last page.</summary>
public sealed record MeetingPage(
    IReadOnlyList<MeetingItem> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContinuationToken);
