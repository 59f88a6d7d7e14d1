using System.Text.Json;
using Hub.Core.Validation;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Registration;

/// <summary>
/// Reads a JSON array of participants (the camelCase names of <see cref="Participant"/>) into <see cref="ParticipantFields"/>,
/// naming what cannot be read by its path (<c>[3].maxMeetings</c>). <c>kind</c> and <c>cancelled</c> may be sent back as
/// read: <c>kind</c> must be the route's, and <c>cancelled: true</c> is refused, since registering always un-cancels.
/// </summary>
public static class ParticipantJsonReader
{
    public static readonly IReadOnlyList<string> FieldNames =
    [
        "id", "company", "country", "categories", "keywords", "targetMarkets", "languages", "certifications", "maxMeetings",
        "availability", "interests", "requiredCertifications", "requests", "blocked",
    ];

    private static readonly HashSet<string> Accepted = [.. FieldNames, "kind", "cancelled"];

    public static List<ParticipantFields> Read(JsonElement array, ParticipantKind kind, ValidationErrors errors)
    {
        var records = new List<ParticipantFields>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            records.Add(ReadRecord(item, index, kind, errors));
            index++;
        }
        return records;
    }

    private static ParticipantFields ReadRecord(JsonElement item, int r, ParticipantKind kind, ValidationErrors errors)
    {
        var paths = JsonRecordPaths.Instance;
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(paths.Record(r), $"Must be an object (one participant), not {ExpoDeclaration.Describe(item)}.");
            return new ParticipantFields { Unreadable = true };
        }
        var fields = new ParticipantFields();

        foreach (var property in item.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            var path = paths.Field(r, name);
            if (!Accepted.Contains(name))
            {
                errors.Add(path, $"Unknown field; a participant has {string.Join(", ", FieldNames)}.");
                continue;
            }
            if (value.ValueKind == JsonValueKind.Null) continue;
            switch (name)
            {
                case "id": fields.Id = Text(value, path, errors); break;
                case "company": fields.Company = Text(value, path, errors); break;
                case "country": fields.Country = Text(value, path, errors); break;
                case "keywords": fields.Keywords = Text(value, path, errors); break;
                case "categories": fields.Categories = Texts(value, r, name, errors); break;
                case "targetMarkets": fields.TargetMarkets = Texts(value, r, name, errors); break;
                case "languages": fields.Languages = Texts(value, r, name, errors); break;
                case "certifications": fields.Certifications = Texts(value, r, name, errors); break;
                case "interests": fields.Interests = Texts(value, r, name, errors); break;
                case "requiredCertifications": fields.RequiredCertifications = Texts(value, r, name, errors); break;
                case "requests": fields.Requests = Texts(value, r, name, errors); break;
                case "blocked": fields.Blocked = Texts(value, r, name, errors); break;
                case "maxMeetings":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var max)) fields.MaxMeetings = max;
                    else errors.Add(path, $"Must be a whole number from 1 to {RegistrationRules.MaxMeetings}, not {value.GetRawText()}.");
                    break;
                case "availability": fields.Availability = Windows(value, r, errors); break;
                case "kind":
                    var expected = kind == ParticipantKind.Exhibitor ? "exhibitor" : "buyer";
                    if (!(value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), expected, StringComparison.OrdinalIgnoreCase)))
                        errors.Add(path, $"This route registers {expected}s; {value.GetRawText()} is registered by its own route.");
                    break;
                case "cancelled":
                    if (value.ValueKind == JsonValueKind.True)
                        errors.Add(path, "Registering always un-cancels a participant; cancel one with DELETE /api/expos/{expoId}/participants/{participantId}.");
                    else if (value.ValueKind != JsonValueKind.False)
                        errors.Add(path, $"Must be false when sent, not {value.GetRawText()}.");
                    break;
            }
        }
        return fields;
    }

    private static string? Text(JsonElement value, string path, ValidationErrors errors)
    {
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors.Add(path, $"Must be text, not {ExpoDeclaration.Describe(value)}.");
        return null;
    }

    private static List<string>? Texts(JsonElement value, int r, string name, ValidationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(JsonRecordPaths.Instance.Field(r, name), $"Must be an array of text, not {ExpoDeclaration.Describe(value)}.");
            return null;
        }
        var items = new List<string>(value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) items.Add(item.GetString()!);
            else errors.Add(JsonRecordPaths.Instance.Item(r, name, i), $"Must be text, not {ExpoDeclaration.Describe(item)}.");
            i++;
        }
        return items;
    }

    private static List<Availability>? Windows(JsonElement value, int r, ValidationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(JsonRecordPaths.Instance.Field(r, "availability"), $"Must be an array of windows, not {ExpoDeclaration.Describe(value)}.");
            return null;
        }
        var windows = new List<Availability>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = JsonRecordPaths.Instance.Item(r, "availability", i++);
            if (item.ValueKind == JsonValueKind.String)
            {
                if (RegistrationRules.ParseWindow(item.GetString()!) is { } window) windows.Add(window);
                else errors.Add(path, $"'{item.GetString()}' is not a window of the form {RegistrationRules.WindowForm}.");
                continue;
            }
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, $"Must be {{\"day\":\"2026-05-20\",\"from\":\"09:00\",\"to\":\"12:00\"}} or {RegistrationRules.WindowForm}, not {ExpoDeclaration.Describe(item)}.");
                continue;
            }
            DateOnly day = default;
            TimeOnly from = default, to = default;
            var ok = true;
            foreach (var property in item.EnumerateObject())
                if (property.Name is not ("day" or "from" or "to"))
                {
                    errors.Add($"{path}.{property.Name}", "Unknown field; a window has day, from and to.");
                    ok = false;
                }
            ok &= Part(item, "day", path, errors, t => RegistrationRules.TryParseDate(t, out day), "a date of the form 2026-05-20");
            ok &= Part(item, "from", path, errors, t => RegistrationRules.TryParseTime(t, out from), "a time of the form 09:00");
            ok &= Part(item, "to", path, errors, t => RegistrationRules.TryParseTime(t, out to), "a time of the form 12:00");
            if (ok) windows.Add(new Availability(day, from, to));
        }
        return windows;
    }

    private static bool Part(JsonElement item, string name, string path, ValidationErrors errors, Func<string, bool> parse, string form)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{path}.{name}", $"Required: {form}.");
            return false;
        }
        if (parse(value.GetString()!)) return true;
        errors.Add($"{path}.{name}", $"'{value.GetString()}' is not {form}.");
        return false;
    }
}
