using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Outputs;

/// <summary>
/// A participant's agenda of the published run as iCalendar (RFC 5545): a VCALENDAR (METHOD:PUBLISH) with the VTIMEZONE of
/// the expo's zone and one VEVENT per meeting, its times local to the expo (TZID), its UID stable for the pair so that a
/// calendar that imported an earlier agenda updates the meeting instead of adding a second one, and its SEQUENCE raised
/// each time a published meeting moved.
/// </summary>
public static class AgendaCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string ProductId = "-//Trade Hub//Matchmaking agenda//EN";
    public const string UidDomain = "trade-hub";

    /// <param name="stampedAt">DTSTAMP: when the published run was published, so the same agenda reads the same each time.</param>
    public static string Write(Expo expo, Participant participant, IReadOnlyList<MeetingEntry> meetings, DateTimeOffset stampedAt)
    {
        ArgumentNullException.ThrowIfNull(expo);
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(meetings);
        var writer = new ICalendarWriter()
            .Line("BEGIN", "VCALENDAR")
            .Line("PRODID", ProductId)
            .Line("VERSION", "2.0")
            .Line("CALSCALE", "GREGORIAN")
            .Line("METHOD", "PUBLISH")
            .Text("X-WR-CALNAME", $"{expo.Name}: {participant.Company}")
            .Line("X-WR-TIMEZONE", expo.TimeZone);

        var years = expo.Days.Select(d => d.Date.Year).Concat(meetings.Select(m => m.Day.Year)).DefaultIfEmpty(stampedAt.Year).ToList();
        VTimeZone.Write(writer, expo.TimeZone, years.Min(), years.Max());

        var stamp = Utc(stampedAt);
        foreach (var meeting in meetings.OrderBy(m => m.Day).ThenBy(m => m.Start).ThenBy(m => m.Table))
        {
            var other = participant.Kind == ParticipantKind.Exhibitor ? meeting.BuyerCompany : meeting.ExhibitorCompany;
            writer.Line("BEGIN", "VEVENT")
                .Line("UID", Uid(expo.ExpoId, meeting.ExhibitorId, meeting.BuyerId))
                .Line("DTSTAMP", stamp)
                .Line($"DTSTART;TZID={expo.TimeZone}", Local(meeting.Day, meeting.Start))
                .Line($"DTEND;TZID={expo.TimeZone}", Local(meeting.Day, meeting.End))
                .Line("SEQUENCE", meeting.Sequence.ToString(CultureInfo.InvariantCulture))
                .Text("SUMMARY", other)
                .Text("LOCATION", $"Table {meeting.Table.ToString(CultureInfo.InvariantCulture)}")
                .Text("DESCRIPTION", Description(meeting))
                .Line("STATUS", "CONFIRMED")
                .Line("TRANSP", "OPAQUE")
                .Line("END", "VEVENT");
        }

        return writer.Line("END", "VCALENDAR").ToString();
    }

    /// <summary>The pair's UID: the same for (expo, exhibitor, buyer) in every run, whatever slot or table it has.</summary>
    public static string Uid(string expoId, string exhibitorId, string buyerId)
    {
        // Lengths first, so that no two different triples give the same text to hash.
        var key = $"{expoId.Length}:{expoId}|{exhibitorId.Length}:{exhibitorId}|{buyerId.Length}:{buyerId}";
        return $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}@{UidDomain}";
    }

    private static string Description(MeetingEntry meeting) =>
        $"{meeting.ExhibitorCompany} ({meeting.ExhibitorId}) meets {meeting.BuyerCompany} ({meeting.BuyerId}) at table {meeting.Table.ToString(CultureInfo.InvariantCulture)}.\n" +
        $"Score {MeetingFormat.Score(meeting.Score)}: {MeetingFormat.Reasons(meeting.Reasons, "; ")}";

    private static string Local(DateOnly day, TimeOnly time) =>
        day.ToDateTime(time).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
