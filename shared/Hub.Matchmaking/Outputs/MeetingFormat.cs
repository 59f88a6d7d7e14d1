using System.Globalization;
using Hub.Matchmaking.Engine;

namespace Hub.Matchmaking.Outputs;

/// <summary>How outputs write a meeting's day, times, score and reasons: the same in JSON, CSV and iCalendar.</summary>
public static class MeetingFormat
{
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Score(double score) => score.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary><c>HS 8413 match (+30); both speak en (+10)</c>: each reason with the points it gave.</summary>
    public static string Reasons(IReadOnlyList<ScoreReason> reasons, string separator) =>
        string.Join(separator, reasons.Select(r => $"{r.Text} ({(r.Points >= 0 ? "+" : "")}{Score(r.Points)})"));
}
