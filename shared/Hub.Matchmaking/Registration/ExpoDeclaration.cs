using System.Text.Json;
using Hub.Core.Validation;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Registration;

/// <summary>
/// Reads and checks the body of <c>PUT /api/expos/{expoId}</c> into an <see cref="Expo"/>, naming every fault by its JSON
/// path (<c>days[1].closes</c>). <c>publishedRunId</c> may be sent back as read, and is ignored: only publishing a run sets it.
/// </summary>
public static class ExpoDeclaration
{
    private static readonly HashSet<string> Fields =
        ["expoId", "name", "timeZone", "days", "slotMinutes", "tables", "exhibitorMaxMeetings", "buyerMaxMeetings", "weights", "publishedRunId"];

    private static readonly string[] WeightNames =
        ["hsChapter", "hsHeading", "hsSubheading", "keywords", "market", "language", "certifications", "request", "mutual"];

    /// <summary>The expo the body declares, or null with every fault in <paramref name="errors"/>.</summary>
    public static Expo? Read(string expoId, JsonElement body, ValidationErrors errors)
    {
        if (RegistrationRules.IdFault(expoId) is { } idFault) errors.Add("expoId", idFault);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("", $"The body must be a JSON object, not {Describe(body)}.");
            return null;
        }

        foreach (var property in body.EnumerateObject())
            if (!Fields.Contains(property.Name))
                errors.Add(property.Name, $"Unknown field; an expo has {string.Join(", ", Fields)}.");

        if (body.TryGetProperty("expoId", out var bodyId) && !(bodyId.ValueKind == JsonValueKind.String && bodyId.GetString() == expoId))
            errors.Add("expoId", $"The body names expo {bodyId.GetRawText()}, the URL '{expoId}'; leave it out or make them the same.");

        var name = RequiredText(body, "name", errors);
        if (name is { Length: > RegistrationRules.MaxTextLength })
            errors.Add("name", $"Must be at most {RegistrationRules.MaxTextLength} characters, not {name.Length}.");

        var timeZone = RequiredText(body, "timeZone", errors);
        if (timeZone is not null && !IsIanaZone(timeZone))
            errors.Add("timeZone", $"'{timeZone}' is not an IANA time zone (e.g. 'Asia/Shanghai', 'Europe/Berlin').");

        var slotMinutes = Integer(body, "slotMinutes", RegistrationRules.MinSlotMinutes, RegistrationRules.MaxSlotMinutes, required: true, errors);
        var tables = Integer(body, "tables", 1, RegistrationRules.MaxTables, required: true, errors);
        var exhibitorMax = Integer(body, "exhibitorMaxMeetings", 1, RegistrationRules.MaxMeetings, required: false, errors) ?? Expo.DefaultExhibitorMaxMeetings;
        var buyerMax = Integer(body, "buyerMaxMeetings", 1, RegistrationRules.MaxMeetings, required: false, errors) ?? Expo.DefaultBuyerMaxMeetings;
        var days = Days(body, slotMinutes, errors);
        var weights = Weights(body, errors);

        if (!errors.IsEmpty) return null;
        return new Expo(expoId, name!, timeZone!, days, slotMinutes!.Value, tables!.Value, exhibitorMax, buyerMax, weights);
    }

    /// <summary>True for a zone the system knows by its IANA id; Windows ids (which .NET also finds on Linux) are not IANA ids.</summary>
    public static bool IsIanaZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id).HasIanaId;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }

    private static List<ExpoDay> Days(JsonElement body, int? slotMinutes, ValidationErrors errors)
    {
        var days = new List<ExpoDay>();
        if (!body.TryGetProperty("days", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            errors.Add("days", "Required: the days the expo is open, e.g. [{\"date\":\"2026-05-20\",\"opens\":\"09:00\",\"closes\":\"17:00\"}].");
            return days;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add("days", $"Must be an array of days, not {Describe(array)}.");
            return days;
        }
        var count = array.GetArrayLength();
        if (count is < 1 or > RegistrationRules.MaxDays)
        {
            errors.Add("days", $"An expo has 1 to {RegistrationRules.MaxDays} days, not {count}.");
            if (count == 0) return days;
        }

        var index = 0;
        DateOnly? previous = null;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"days[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, $"Must be an object with date, opens and closes, not {Describe(item)}.");
                continue;
            }
            foreach (var property in item.EnumerateObject())
                if (property.Name is not ("date" or "opens" or "closes"))
                    errors.Add($"{path}.{property.Name}", "Unknown field; a day has date, opens and closes.");

            DateOnly? date = null;
            if (RequiredText(item, "date", errors, path) is { } dateText)
            {
                if (RegistrationRules.TryParseDate(dateText, out var parsed)) date = parsed;
                else errors.Add($"{path}.date", $"'{dateText}' is not a date of the form 2026-05-20.");
            }
            var opens = Time(item, "opens", path, errors);
            var closes = Time(item, "closes", path, errors);

            if (date is { } d)
            {
                if (previous is { } p && d <= p)
                    errors.Add($"{path}.date", d == p ? $"{RegistrationRules.Format(d)} is declared twice." : $"{RegistrationRules.Format(d)} comes after {RegistrationRules.Format(p)}; list days in ascending order.");
                previous = d;
            }
            if (opens is { } o && closes is { } c)
            {
                if (o >= c)
                    errors.Add($"{path}.closes", $"Closes ({RegistrationRules.Format(c)}) must be after opens ({RegistrationRules.Format(o)}).");
                else if (slotMinutes is { } minutes && (c - o).TotalMinutes < minutes)
                    errors.Add($"{path}.closes", $"{RegistrationRules.Format(o)}-{RegistrationRules.Format(c)} holds no whole slot of {minutes} minutes.");
            }
            if (date is { } day && opens is { } from && closes is { } to) days.Add(new ExpoDay(day, from, to));
        }
        return days;
    }

    private static ScoreWeights? Weights(JsonElement body, ValidationErrors errors)
    {
        if (!body.TryGetProperty("weights", out var weights) || weights.ValueKind == JsonValueKind.Null) return null;
        if (weights.ValueKind != JsonValueKind.Object)
        {
            errors.Add("weights", $"Must be an object of weights ({string.Join(", ", WeightNames)}), not {Describe(weights)}.");
            return null;
        }
        var values = ScoreWeights.Default;
        foreach (var property in weights.EnumerateObject())
        {
            var path = $"weights.{property.Name}";
            if (!WeightNames.Contains(property.Name))
            {
                errors.Add(path, $"Unknown weight; the weights are {string.Join(", ", WeightNames)}.");
                continue;
            }
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var weight) || !double.IsFinite(weight) || weight < 0)
            {
                errors.Add(path, $"Must be a number of at least 0, not {property.Value.GetRawText()}.");
                continue;
            }
            values = property.Name switch
            {
                "hsChapter" => values with { HsChapter = weight },
                "hsHeading" => values with { HsHeading = weight },
                "hsSubheading" => values with { HsSubheading = weight },
                "keywords" => values with { Keywords = weight },
                "market" => values with { Market = weight },
                "language" => values with { Language = weight },
                "certifications" => values with { Certifications = weight },
                "request" => values with { Request = weight },
                _ => values with { Mutual = weight },
            };
        }
        return values;
    }

    private static TimeOnly? Time(JsonElement item, string name, string path, ValidationErrors errors)
    {
        if (RequiredText(item, name, errors, path) is not { } text) return null;
        if (RegistrationRules.TryParseTime(text, out var time)) return time;
        errors.Add($"{path}.{name}", $"'{text}' is not a time of the form 09:00 (24-hour clock).");
        return null;
    }

    private static string? RequiredText(JsonElement parent, string name, ValidationErrors errors, string? parentPath = null)
    {
        var path = parentPath is null ? name : $"{parentPath}.{name}";
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path, "Required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"Must be text, not {Describe(value)}.");
            return null;
        }
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(path, "Must not be empty.");
            return null;
        }
        return text;
    }

    private static int? Integer(JsonElement body, string name, int min, int max, bool required, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(name, $"Required: a whole number from {min} to {max}.");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max) return number;
        errors.Add(name, $"Must be a whole number from {min} to {max}, not {value.GetRawText()}.");
        return null;
    }

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "text",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        _ => "null",
    };
}
