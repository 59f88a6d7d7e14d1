using System.Text.Json.Serialization;

namespace Hub.Matchmaking.Model;

/// <summary>Written <c>exhibitor</c> and <c>buyer</c>, as MatchmakingJsonContext promises enums (its enum converter alone would write the member names).</summary>
public enum ParticipantKind
{
    [JsonStringEnumMemberName("exhibitor")] Exhibitor,
    [JsonStringEnumMemberName("buyer")] Buyer,
}

/// <summary>
/// An exhibitor or a buyer of one expo, as registered (<c>PUT /api/expos/{expoId}/exhibitors</c> or <c>/buyers</c>). Stored
/// in the read store, container <c>participants</c>, partition = expo id, id = participant id: ids are unique across both
/// kinds within an expo, because agendas are addressed by participant id alone.
/// </summary>
/// <param name="Country">ISO 3166-1 alpha-2.</param>
/// <param name="Categories">HS codes of what the participant sells (2 to 10 digits).</param>
/// <param name="Keywords">Free text, Chinese or English.</param>
/// <param name="TargetMarkets">ISO 3166-1 alpha-2 countries the participant sells to.</param>
/// <param name="Languages">ISO 639-1 codes (<c>zh</c>, <c>en</c>).</param>
/// <param name="MaxMeetings">At most this many meetings; null for the expo's default of the kind.</param>
/// <param name="Availability">When the participant can meet; null for all opening hours, an empty list for never.</param>
/// <param name="Interests">A buyer's wanted HS codes (2 to 10 digits); empty for exhibitors.</param>
/// <param name="RequiredCertifications">Certifications a buyer requires of a supplier; empty for exhibitors.</param>
/// <param name="Requests">Participants of the other kind this one asks to meet, best first (a buyer names exhibitors).</param>
/// <param name="Blocked">Participants of the other kind this one must never meet.</param>
/// <param name="Cancelled">Withdrawn: kept for the record, never scheduled again.</param>
public sealed record Participant(
    string Id,
    ParticipantKind Kind,
    string Company,
    string Country,
    IReadOnlyList<string> Categories,
    string Keywords,
    IReadOnlyList<string> TargetMarkets,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Certifications,
    int? MaxMeetings = null,
    IReadOnlyList<Availability>? Availability = null,
    IReadOnlyList<string>? Interests = null,
    IReadOnlyList<string>? RequiredCertifications = null,
    IReadOnlyList<string>? Requests = null,
    IReadOnlyList<string>? Blocked = null,
    bool Cancelled = false)
{
    // Derived, so never stored nor answered: a participant read back and sent again must be the fields registration takes.
    [JsonIgnore] public IReadOnlyList<string> InterestsOrEmpty => Interests ?? [];
    [JsonIgnore] public IReadOnlyList<string> RequiredCertificationsOrEmpty => RequiredCertifications ?? [];
    [JsonIgnore] public IReadOnlyList<string> RequestsOrEmpty => Requests ?? [];
    [JsonIgnore] public IReadOnlyList<string> BlockedOrEmpty => Blocked ?? [];

    /// <summary>The most meetings this participant may have at <paramref name="expo"/>.</summary>
    public int MeetingLimit(Expo expo) => MaxMeetings ?? (Kind == ParticipantKind.Exhibitor ? expo.ExhibitorMaxMeetings : expo.BuyerMaxMeetings);
}

/// <summary>A window on one expo day (local time) in which a participant can meet; it must lie within that day's opening hours.</summary>
public sealed record Availability(DateOnly Day, TimeOnly From, TimeOnly To);
