using Hub.Core.Validation;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Registration;

/// <summary>
/// Checks records of one kind against the expo and the participants already registered, and turns them into
/// <see cref="Participant"/>s. Every fault of every record is named; the caller writes nothing unless there is none.
/// </summary>
public static class ParticipantValidator
{
    /// <param name="registered">Every participant id of the expo already stored, with its kind.</param>
    public static List<Participant> Validate(
        Expo expo,
        ParticipantKind kind,
        IReadOnlyList<ParticipantFields> records,
        IReadOnlyDictionary<string, ParticipantKind> registered,
        IRecordPaths paths,
        ValidationErrors errors)
    {
        var participants = new List<Participant>(records.Count);
        var firstRecordOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var other = kind == ParticipantKind.Exhibitor ? ParticipantKind.Buyer : ParticipantKind.Exhibitor;
        var days = expo.Days.ToDictionary(d => d.Date);

        for (var r = 0; r < records.Count; r++)
        {
            var fields = records[r];
            // Its one fault is already named; "id required" and the like would only repeat it.
            if (fields.Unreadable) continue;
            string Field(string name) => paths.Field(r, name);

            var id = fields.Id;
            if (id is null) errors.Add(Field("id"), "Required.");
            else if (RegistrationRules.IdFault(id) is { } fault) errors.Add(Field("id"), fault);
            else if (firstRecordOfId.TryGetValue(id, out var first)) errors.Add(Field("id"), $"'{id}' is also {paths.Record(first)}; each participant appears once per request.");
            else
            {
                firstRecordOfId[id] = r;
                if (registered.TryGetValue(id, out var registeredKind) && registeredKind != kind)
                    errors.Add(Field("id"), $"'{id}' is registered as {Name(registeredKind)}; ids are unique across exhibitors and buyers.");
            }

            var company = fields.Company?.Trim();
            if (string.IsNullOrEmpty(company)) errors.Add(Field("company"), "Required: the company's name.");
            else if (company.Length > RegistrationRules.MaxTextLength) errors.Add(Field("company"), $"Must be at most {RegistrationRules.MaxTextLength} characters, not {company.Length}.");

            if (fields.Country is null) errors.Add(Field("country"), "Required: an ISO 3166-1 alpha-2 country code (CN, DE).");
            else if (!IsoCodes.IsCountry(fields.Country)) errors.Add(Field("country"), $"'{fields.Country}' is not an ISO 3166-1 alpha-2 country code (upper case: CN, DE).");

            var keywords = fields.Keywords?.Trim() ?? "";
            if (keywords.Length > RegistrationRules.MaxTextLength) errors.Add(Field("keywords"), $"Must be at most {RegistrationRules.MaxTextLength} characters, not {keywords.Length}.");

            var categories = Items(fields.Categories, r, "categories", paths, errors, code =>
                RegistrationRules.IsHsCode(code) ? null : $"'{code}' is a malformed HS code: 2 to 10 digits (8471, 847130).");
            var targetMarkets = Items(fields.TargetMarkets, r, "targetMarkets", paths, errors, code =>
                IsoCodes.IsCountry(code) ? null : $"'{code}' is not an ISO 3166-1 alpha-2 country code (upper case: CN, DE).");
            var languages = Items(fields.Languages, r, "languages", paths, errors, code =>
                RegistrationRules.IsLanguage(code) ? null : $"'{code}' is not an ISO 639-1 language code (two lower-case letters: zh, en).");
            var certifications = Items(fields.Certifications, r, "certifications", paths, errors, Certification);

            if (fields.MaxMeetings is { } max && max is < 1 or > RegistrationRules.MaxMeetings)
                errors.Add(Field("maxMeetings"), $"Must be a whole number from 1 to {RegistrationRules.MaxMeetings}, not {max}.");

            if (fields.Availability is { } windows)
            {
                if (windows.Count > RegistrationRules.MaxListItems) errors.Add(Field("availability"), $"At most {RegistrationRules.MaxListItems} windows, not {windows.Count}.");
                for (var i = 0; i < windows.Count; i++)
                {
                    var window = windows[i];
                    var path = paths.Item(r, "availability", i);
                    var text = $"{RegistrationRules.Format(window.Day)} {RegistrationRules.Format(window.From)}-{RegistrationRules.Format(window.To)}";
                    if (!days.TryGetValue(window.Day, out var day))
                        errors.Add(path, $"'{text}': {RegistrationRules.Format(window.Day)} is not a day of the expo ({string.Join(", ", expo.Days.Select(d => RegistrationRules.Format(d.Date)))}).");
                    else if (window.From >= window.To)
                        errors.Add(path, $"'{text}': the window must end after it starts.");
                    else if (window.From < day.Opens || window.To > day.Closes)
                        errors.Add(path, $"'{text}' is outside opening hours {RegistrationRules.Format(day.Opens)}-{RegistrationRules.Format(day.Closes)} on {RegistrationRules.Format(day.Date)}.");
                }
            }

            IReadOnlyList<string>? interests = null, required = null;
            if (kind == ParticipantKind.Buyer)
            {
                interests = Items(fields.Interests, r, "interests", paths, errors, code =>
                    RegistrationRules.IsHsCode(code) ? null : $"'{code}' is a malformed HS code: 2 to 10 digits (8471, 847130).");
                required = Items(fields.RequiredCertifications, r, "requiredCertifications", paths, errors, Certification);
            }
            else
            {
                if (fields.Interests is not null) errors.Add(Field("interests"), "Only buyers have interests; an exhibitor's products are its categories.");
                if (fields.RequiredCertifications is not null) errors.Add(Field("requiredCertifications"), "Only buyers have required certifications.");
            }

            var requests = Items(fields.Requests, r, "requests", paths, errors, named => Counterpart(named, other, registered));
            var blocked = Items(fields.Blocked, r, "blocked", paths, errors, named => Counterpart(named, other, registered));
            Distinct(requests, r, "requests", paths, errors);

            participants.Add(new Participant(
                id ?? "", kind, company ?? "", fields.Country ?? "", categories, keywords, targetMarkets, languages, certifications,
                fields.MaxMeetings, fields.Availability, interests, required, requests, blocked));
        }
        return participants;
    }

    private static string Name(ParticipantKind kind) => kind == ParticipantKind.Exhibitor ? "an exhibitor" : "a buyer";

    private static string? Counterpart(string named, ParticipantKind other, IReadOnlyDictionary<string, ParticipantKind> registered)
    {
        var word = other == ParticipantKind.Exhibitor ? "exhibitor" : "buyer";
        if (!registered.TryGetValue(named, out var kind)) return $"unknown {word} '{named}': register it first.";
        return kind == other ? null : $"'{named}' is {Name(kind)}, not {Name(other)}.";
    }

    private static string? Certification(string name) =>
        name.Length > 100 ? $"A certification's name is at most 100 characters, not {name.Length}." : null;

    private static List<string> Items(IReadOnlyList<string>? items, int r, string field, IRecordPaths paths, ValidationErrors errors, Func<string, string?> fault)
    {
        if (items is null) return [];
        if (items.Count > RegistrationRules.MaxListItems)
            errors.Add(paths.Field(r, field), $"At most {RegistrationRules.MaxListItems} items, not {items.Count}.");
        var kept = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i].Trim();
            if (item.Length == 0) errors.Add(paths.Item(r, field, i), "Must not be empty.");
            else if (fault(item) is { } message) errors.Add(paths.Item(r, field, i), message);
            kept.Add(item);
        }
        return kept;
    }

    private static void Distinct(List<string> items, int r, string field, IRecordPaths paths, ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
            if (!seen.Add(items[i])) errors.Add(paths.Item(r, field, i), $"'{items[i]}' is named twice; a ranking names each once.");
    }
}
