using System.Globalization;
using System.Text;
using Hub.Core.Validation;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Registration;

/// <summary>
/// Reads participants from CSV (RFC 4180: comma-separated, fields quoted with <c>"</c> where they hold a comma, a quote
/// or a line break; UTF-8, with or without a BOM). The header row names the columns by the JSON field names (any case) or
/// their Chinese aliases; list cells separate items with <c>;</c> or <c>|</c>; availability items are
/// <c>2026-05-20 09:00-12:00</c>, and <c>none</c> means never available. An empty cell leaves the field out.
/// </summary>
public static class ParticipantCsvReader
{

    private static readonly HashSet<string> ListFields =
        ["categories", "targetMarkets", "languages", "certifications", "interests", "requiredCertifications", "requests", "blocked"];

    /// <summary>The Chinese column names accepted for each field (docs/matchmaking.md lists them).</summary>
    public static IReadOnlyDictionary<string, string[]> ChineseAliases { get; } = new Dictionary<string, string[]>
    {
        ["id"] = ["编号", "代码"],
        ["company"] = ["公司", "公司名称", "企业"],
        ["country"] = ["国家", "国家代码"],
        ["categories"] = ["类别", "品类", "产品类别"],
        ["keywords"] = ["关键词"],
        ["targetMarkets"] = ["目标市场"],
        ["languages"] = ["语言"],
        ["certifications"] = ["认证"],
        ["maxMeetings"] = ["最多会议", "最多洽谈"],
        ["availability"] = ["可用时间", "时间"],
        ["interests"] = ["采购兴趣", "兴趣"],
        ["requiredCertifications"] = ["要求认证"],
        ["requests"] = ["请求", "预约"],
        ["blocked"] = ["屏蔽", "排除"],
    };

    // After ChineseAliases: static fields are initialised in the order they are declared.
    private static readonly Dictionary<string, string> Columns = BuildColumns();

    private static Dictionary<string, string> BuildColumns()
    {
        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in ParticipantJsonReader.FieldNames) columns[name] = name;
        foreach (var (field, aliases) in ChineseAliases)
            foreach (var alias in aliases) columns[alias] = field;
        return columns;
    }

    /// <summary>
    /// The records of <paramref name="csv"/> (decoded text), or as many as could be read with every fault in
    /// <paramref name="errors"/>. Null when <paramref name="maxRecords"/> is exceeded (the caller answers for the whole body).
    /// </summary>
    public static List<ParticipantFields>? Read(string csv, int maxRecords, ValidationErrors errors)
    {
        var rows = CsvRows.Parse(csv, errors);
        var records = new List<ParticipantFields>();
        if (rows.Count == 0)
        {
            if (errors.IsEmpty) errors.Add("header", $"The CSV is empty; its first row names the columns ({string.Join(", ", ParticipantJsonReader.FieldNames)}).");
            return records;
        }

        var header = rows[0];
        var fieldOfColumn = new string?[header.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < header.Count; c++)
        {
            var name = header[c].Trim();
            if (!Columns.TryGetValue(name, out var field))
            {
                errors.Add("header", $"Unknown column '{name}' (column {c + 1}); the columns are {string.Join(", ", ParticipantJsonReader.FieldNames)} or their Chinese names.");
                continue;
            }
            if (seen.TryGetValue(field, out var first))
            {
                errors.Add("header", $"Columns {first + 1} and {c + 1} both hold {field}.");
                continue;
            }
            seen[field] = c;
            fieldOfColumn[c] = field;
        }
        foreach (var required in new[] { "id", "company", "country" })
            if (!seen.ContainsKey(required)) errors.Add("header", $"No column holds {required}; it is required.");
        if (!errors.IsEmpty) return records;
        if (rows.Count - 1 > maxRecords) return null;

        for (var r = 1; r < rows.Count; r++)
        {
            var index = r - 1;
            var cells = rows[r];
            if (cells.Count != header.Count)
            {
                errors.Add(CsvRecordPaths.Instance.Record(index), $"Has {cells.Count} cells; the header has {header.Count}.");
                records.Add(new ParticipantFields { Unreadable = true });
                continue;
            }
            var fields = new ParticipantFields();
            for (var c = 0; c < cells.Count; c++)
            {
                var field = fieldOfColumn[c]!;
                var cell = cells[c].Trim();
                if (cell.Length == 0) continue;
                Assign(fields, field, cell, index, errors);
            }
            records.Add(fields);
        }
        return records;
    }

    private static void Assign(ParticipantFields fields, string field, string cell, int r, ValidationErrors errors)
    {
        var path = CsvRecordPaths.Instance.Field(r, field);
        if (ListFields.Contains(field))
        {
            var items = Items(cell);
            switch (field)
            {
                case "categories": fields.Categories = items; break;
                case "targetMarkets": fields.TargetMarkets = items; break;
                case "languages": fields.Languages = items; break;
                case "certifications": fields.Certifications = items; break;
                case "interests": fields.Interests = items; break;
                case "requiredCertifications": fields.RequiredCertifications = items; break;
                case "requests": fields.Requests = items; break;
                default: fields.Blocked = items; break;
            }
            return;
        }
        switch (field)
        {
            case "id": fields.Id = cell; break;
            case "company": fields.Company = cell; break;
            case "country": fields.Country = cell; break;
            case "keywords": fields.Keywords = cell; break;
            case "maxMeetings":
                if (int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var max)) fields.MaxMeetings = max;
                else errors.Add(path, $"'{cell}' is not a whole number from 1 to {RegistrationRules.MaxMeetings}.");
                break;
            case "availability":
                if (cell.Equals("none", StringComparison.OrdinalIgnoreCase))
                {
                    fields.Availability = [];
                    break;
                }
                var windows = new List<Availability>();
                foreach (var item in Items(cell))
                {
                    if (RegistrationRules.ParseWindow(item) is { } window) windows.Add(window);
                    else errors.Add(path, $"'{item}' is not a window of the form {RegistrationRules.WindowForm}.");
                }
                fields.Availability = windows;
                break;
        }
    }

    private static List<string> Items(string cell) =>
        cell.Split([';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}

/// <summary>RFC 4180 rows: a small reader, because registration files are small (16 MiB at most) and read whole.</summary>
public static class CsvRows
{
    /// <summary>The rows of <paramref name="text"/>, blank lines left out; a quoted field left open is named in <paramref name="errors"/>.</summary>
    public static List<List<string>> Parse(string text, ValidationErrors errors)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var inQuotes = false;
        var fieldWasQuoted = false;
        var line = 1;
        var quoteOpenedOnLine = 0;

        void EndField()
        {
            row.Add(field.ToString());
            field.Clear();
            fieldWasQuoted = false;
        }

        void EndRow()
        {
            EndField();
            // A blank line is no record (a trailing newline, an empty line between records).
            if (!(row.Count == 1 && row[0].Length == 0)) rows.Add(row);
            row = [];
        }

        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    inQuotes = true;
                    fieldWasQuoted = true;
                    quoteOpenedOnLine = line;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r':
                    break;
                case '\n':
                    line++;
                    EndRow();
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (inQuotes) errors.Add("body", $"A quoted field opened on line {quoteOpenedOnLine} is never closed.");
        if (field.Length > 0 || row.Count > 0 || fieldWasQuoted) EndRow();
        return rows;
    }
}
