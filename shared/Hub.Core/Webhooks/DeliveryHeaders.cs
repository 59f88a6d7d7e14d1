using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hub.Core.Webhooks;

/// <summary>Reading signed-delivery headers (one value, all values, Unix seconds) and the timestamp tolerance, for every webhook scheme.</summary>
public static class DeliveryHeaders
{
    public const int DefaultToleranceSeconds = 300;

    public static bool TryGetSingle(
        IHeaderDictionary headers, string name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? failure)
    {
        value = null;
        if (!TryGetAll(headers, name, out var values, out failure))
        {
            return false;
        }
        if (values.Count > 1)
        {
            failure = $"header {name} appears more than once";
            return false;
        }

        value = values[0]!;
        return true;
    }

    public static bool TryGetAll(IHeaderDictionary headers, string name, out StringValues values, [NotNullWhen(false)] out string? failure)
    {
        if (!headers.TryGetValue(name, out values) || IsBlank(values))
        {
            failure = $"missing header {name}";
            return false;
        }

        failure = null;
        return true;
    }

    /// <summary>Unix seconds, digits only: no sign, no fraction, no white space.</summary>
    public static bool TryParseUnixSeconds(ReadOnlySpan<char> text, out long seconds) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);

    public static string? ToleranceFailure(long timestamp, DateTimeOffset now, int? toleranceSeconds)
    {
        var tolerance = Math.Max(0, toleranceSeconds ?? DefaultToleranceSeconds);
        var current = now.ToUnixTimeSeconds();
        return timestamp < current - tolerance || timestamp > current + tolerance
            ? $"timestamp outside the {tolerance} s tolerance"
            : null;
    }

    private static bool IsBlank(StringValues values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return false;
            }
        }
        return true;
    }
}
