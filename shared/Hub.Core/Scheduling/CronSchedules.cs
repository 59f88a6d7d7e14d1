using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Hub.Core.Scheduling;

/// <summary>
/// Cron expressions as the registry writes them: 5 fields (minute precision) or 6 with seconds first, in UTC. One parser for
/// the registry's validation and the schedulers, so that what loads is what runs.
/// </summary>
public static class CronSchedules
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out CronExpression? expression)
    {
        expression = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        try
        {
            return CronExpression.TryParse(text.Trim(), format, out expression);
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    /// <summary>The latest occurrence at or before <paramref name="now"/>, or null when there is none in the year before it.</summary>
    public static DateTimeOffset? LatestAtOrBefore(CronExpression expression, DateTimeOffset now) =>
        expression.GetPreviousOccurrence(now, TimeZoneInfo.Utc, inclusive: true) is { } previous && previous > now.AddYears(-1) ? previous : null;
}
