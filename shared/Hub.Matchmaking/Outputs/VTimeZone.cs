using System.Globalization;

namespace Hub.Matchmaking.Outputs;

/// <summary>
/// The VTIMEZONE of an IANA zone for the years an expo spans, generated from the machine's time-zone data
/// (<see cref="TimeZoneInfo"/>, whose adjustment rules give the offsets): one STANDARD or DAYLIGHT component per offset
/// change from the start of the year before the first day to the end of the last day's year, each with the local time it
/// happens at, the offset before and the offset after. The year before is there so that a time early in the expo's year
/// falls after an onset (January in Brussels is the standard time that began the October before). A zone whose offset
/// never changed then (Asia/Shanghai) has a single STANDARD component.
/// </summary>
public static class VTimeZone
{
    /// <exception cref="TimeZoneNotFoundException">The machine does not know <paramref name="timeZoneId"/>.</exception>
    public static void Write(ICalendarWriter writer, string timeZoneId, int firstYear, int lastYear)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var transitions = Transitions(zone, new DateTimeOffset(firstYear - 1, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(lastYear + 1, 1, 1, 0, 0, 0, TimeSpan.Zero));

        writer.Line("BEGIN", "VTIMEZONE").Line("TZID", timeZoneId);
        if (transitions.Count == 0)
        {
            var offset = zone.GetUtcOffset(new DateTimeOffset(firstYear, 7, 1, 0, 0, 0, TimeSpan.Zero));
            writer.Line("BEGIN", "STANDARD").Line("DTSTART", "19700101T000000")
                .Line("TZOFFSETFROM", Offset(offset)).Line("TZOFFSETTO", Offset(offset)).Line("END", "STANDARD");
        }

        foreach (var (at, from, to, daylight) in transitions)
        {
            var kind = daylight ? "DAYLIGHT" : "STANDARD";
            writer.Line("BEGIN", kind)
                .Line("DTSTART", (at.UtcDateTime + from).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture))
                .Line("TZOFFSETFROM", Offset(from)).Line("TZOFFSETTO", Offset(to)).Line("END", kind);
        }
        writer.Line("END", "VTIMEZONE");
    }

    /// <summary>Each instant in [start, end) where the zone's offset changes, found hour by hour and pinned to the second.</summary>
    public static IReadOnlyList<(DateTimeOffset At, TimeSpan From, TimeSpan To, bool Daylight)> Transitions(TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var found = new List<(DateTimeOffset, TimeSpan, TimeSpan, bool)>();
        var before = zone.GetUtcOffset(start);
        for (var probe = start; probe < end; probe += TimeSpan.FromHours(1))
        {
            var next = probe + TimeSpan.FromHours(1);
            var after = zone.GetUtcOffset(next);
            if (after == before) continue;
            // The change lies in (probe, next]: halve to the second.
            var (low, high) = (probe, next);
            while (high - low > TimeSpan.FromSeconds(1))
            {
                var middle = low + (high - low) / 2;
                middle = new DateTimeOffset(middle.Ticks - middle.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
                if (middle <= low) break;
                if (zone.GetUtcOffset(middle) == before) low = middle; else high = middle;
            }
            found.Add((high, before, after, zone.IsDaylightSavingTime(high)));
            before = after;
        }
        return found;
    }

    /// <summary>An RFC 5545 UTC-OFFSET: <c>+0800</c>, <c>-0330</c>, <c>+053000</c> when seconds are not zero.</summary>
    public static string Offset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        var text = $"{sign}{abs.Hours:00}{abs.Minutes:00}";
        return abs.Seconds == 0 ? text : text + $"{abs.Seconds:00}";
    }
}
