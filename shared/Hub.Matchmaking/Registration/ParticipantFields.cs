using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Registration;

/// <summary>
/// One participant record as read from a JSON array or a CSV row, before it is checked against the expo and the other
/// participants (<see cref="ParticipantValidator"/>). A field is null when the record leaves it out. The readers have
/// already named what they could not read at all (text where a number belongs, a malformed availability item).
/// </summary>
public sealed class ParticipantFields
{
    /// <summary>The record could not be read as a participant at all (not an object, a row of the wrong width); its fault is named.</summary>
    public bool Unreadable { get; init; }

    public string? Id { get; set; }
    public string? Company { get; set; }
    public string? Country { get; set; }
    public IReadOnlyList<string>? Categories { get; set; }
    public string? Keywords { get; set; }
    public IReadOnlyList<string>? TargetMarkets { get; set; }
    public IReadOnlyList<string>? Languages { get; set; }
    public IReadOnlyList<string>? Certifications { get; set; }
    public int? MaxMeetings { get; set; }

    /// <summary>Null: every opening hour. Empty: never (JSON <c>[]</c>, CSV <c>none</c>).</summary>
    public IReadOnlyList<Availability>? Availability { get; set; }

    public IReadOnlyList<string>? Interests { get; set; }
    public IReadOnlyList<string>? RequiredCertifications { get; set; }
    public IReadOnlyList<string>? Requests { get; set; }
    public IReadOnlyList<string>? Blocked { get; set; }
}

/// <summary>How a format names a record's fields in errors: <c>[3].categories[1]</c> in JSON, <c>row 4.categories</c> in CSV.</summary>
public interface IRecordPaths
{
    /// <summary>The record as a whole (its position in the body).</summary>
    string Record(int record);

    string Field(int record, string field);

    /// <summary>One item of a list field; CSV names the cell, and the message names the item.</summary>
    string Item(int record, string field, int item);
}

/// <summary>JSON paths into the body's array: <c>[3].categories[1]</c>.</summary>
public sealed class JsonRecordPaths : IRecordPaths
{
    public static JsonRecordPaths Instance { get; } = new();

    public string Record(int record) => $"[{record}]";
    public string Field(int record, string field) => $"[{record}].{field}";
    public string Item(int record, string field, int item) => $"[{record}].{field}[{item}]";
}

/// <summary>
/// CSV rows as a spreadsheet numbers them, the header being row 1: <c>row 4.categories</c> is the third record's cell.
/// A record whose quoted cell spans lines is still one row.
/// </summary>
public sealed class CsvRecordPaths : IRecordPaths
{
    public static CsvRecordPaths Instance { get; } = new();

    public static int RowOf(int record) => record + 2;

    public string Record(int record) => $"row {RowOf(record)}";
    public string Field(int record, string field) => $"row {RowOf(record)}.{field}";
    public string Item(int record, string field, int item) => Field(record, field);
}
