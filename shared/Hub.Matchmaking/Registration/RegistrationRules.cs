using System.Globalization;
using Hub.Core.Validation;

namespace Hub.Matchmaking.Registration;

/// <summary>The limits and formats registration holds expos and participants to (docs/matchmaking.md, "Registration").</summary>
public static class RegistrationRules
{
    public const int MaxDays = 31;
    public const int MinSlotMinutes = 5;
    public const int MaxSlotMinutes = 240;
    public const int MaxTables = 10_000;
    public const int MaxMeetings = 200;

    /// <summary>Participants' free text (company, keywords) and list items are bounded so that one document stays small.</summary>
    public const int MaxTextLength = 2_000;
    public const int MaxListItems = 200;

    public const string DateFormat = "yyyy-MM-dd";
    public const string TimeFormat = "HH:mm";

    /// <summary>
    /// Null when <paramref name="id"/> may name an expo or a participant: printable text by <see cref="Identifiers"/>, at most
    /// <see cref="Identifiers.MaxLength"/> characters, and not <c>.</c> or <c>..</c>, which no URL path can hold.
    /// </summary>
    public static string? IdFault(string id)
    {
        if (id.Length == 0) return "Must not be empty.";
        if (id.Length > Identifiers.MaxLength) return $"Must be at most {Identifiers.MaxLength} characters, not {id.Length}.";
        if (id is "." or "..") return $"'{id}' cannot be addressed in a URL path.";
        return Identifiers.Fault(id);
    }

    /// <summary>An HS code as registration takes it: 2 to 10 ASCII digits (chapter, heading, subheading, national lines).</summary>
    public static bool IsHsCode(string code) => code.Length is >= 2 and <= 10 && code.All(char.IsAsciiDigit);

    /// <summary>An ISO 639-1 code: two lower-case ASCII letters (<c>zh</c>, <c>en</c>).</summary>
    public static bool IsLanguage(string code) => code.Length == 2 && code.All(char.IsAsciiLetterLower);

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary><c>09:00</c>, or <c>09:00:00</c> as the hub's JSON answers write times, so that what is read can be sent back.</summary>
    public static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, [TimeFormat, "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time) && time.Second == 0;

    public static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Format(TimeOnly time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// An availability window written as one item, <c>2026-05-20 09:00-12:00</c> (CSV cells, and JSON as an alternative to
    /// <c>{"day","from","to"}</c>); null when the text is not of that form.
    /// </summary>
    public static Model.Availability? ParseWindow(string text)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) return null;
        var times = parts[1].Split('-');
        if (times.Length != 2) return null;
        return TryParseDate(parts[0], out var day) && TryParseTime(times[0], out var from) && TryParseTime(times[1], out var to)
            ? new Model.Availability(day, from, to)
            : null;
    }

    public const string WindowForm = "'2026-05-20 09:00-12:00' (day, then from-to in the expo's local time)";
}
