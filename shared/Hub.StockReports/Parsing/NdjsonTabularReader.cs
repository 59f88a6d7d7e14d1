using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Newline-delimited JSON: one object per line, read one line at a time, decoded by <see cref="TextEncodingDetector"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The header starts as the first object's property names in order; that object is also the first row. A key first met
/// in a later line is appended to the header there (<see cref="ITabularReader.Header"/> grows), so every line's keys count;
/// at most <see cref="MaxColumns"/> distinct keys of at most <see cref="MaxKeyLength"/> characters, a line adding more being a row error.</item>
/// <item>Strings are cells as they are (an empty string is null, as an empty CSV cell is); numbers keep their JSON text
/// (<c>1e3</c> stays <c>1e3</c>); <c>true</c>/<c>false</c> become those words; <c>null</c> is null; an object or array
/// becomes its raw JSON text for the mapping layer to reject. A value longer than <see cref="TabularLimits.MaxCellLength"/> is cut to one more.</item>
/// <item>Blank lines are skipped. The first non-blank line must be an object (it makes the header). A later line that is not one
/// (truncated, an array, nesting deeper than 64, a key given twice, longer than <see cref="MaxLineLength"/>) is a row with a
/// <see cref="TabularRow.Problem"/> naming the key it broke in; the lines after it are read as usual.</item>
/// <item><see cref="TabularRow.RowNumber"/> is the line number.</item>
/// </list>
/// The caller keeps ownership of the stream.
/// </remarks>
public sealed class NdjsonTabularReader : ITabularReader
{
    public const int MaxLineLength = 1 << 20;
    public const int MaxColumns = 1024;
    public const int MaxKeyLength = 256;

    private static readonly JsonReaderOptions JsonOptions = new() { MaxDepth = 64 };

    private readonly TextReader _text;
    private readonly LineReader _lines;
    private readonly List<string> _header = [];
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly List<(int Column, string? Value)> _values = [];
    private byte[] _utf8 = new byte[4096];
    private TabularRow? _pending;

    private NdjsonTabularReader(TextReader text, LineReader lines)
    {
        _text = text;
        _lines = lines;
    }

    public IReadOnlyList<string> Header => _header;

    public static NdjsonTabularReader Open(Stream content, TabularReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = TextEncodingDetector.OpenText(content, options.Encoding);
        try
        {
            var reader = new NdjsonTabularReader(text, new LineReader(text));
            while (reader._lines.TryReadLine(out var number, out var line, out var cut))
            {
                if (line.Span.IsWhiteSpace())
                {
                    continue;
                }
                if (cut)
                {
                    throw new UnreadableReportException($"line {number} is longer than {MaxLineLength} characters");
                }
                // The first object makes the header, so a first line that is none leaves no columns to read the rest by.
                var first = reader.Parse(number, line.Span, growHeader: true);
                if (first.Problem is { } problem)
                {
                    throw new UnreadableReportException($"line {number} {problem.Message}");
                }
                if (reader._header.Count == 0)
                {
                    throw new UnreadableReportException($"line {number} is the first object and has no properties, so there are no columns");
                }
                reader._pending = first;
                return reader;
            }
            throw new UnreadableReportException("the file is empty");
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    public bool TryReadRow(out TabularRow row)
    {
        if (_pending is { } pending)
        {
            _pending = null;
            row = pending;
            return true;
        }
        while (_lines.TryReadLine(out var number, out var line, out var cut))
        {
            if (line.Span.IsWhiteSpace())
            {
                continue;
            }
            row = cut ? TooLong(number, line.Span) : Parse(number, line.Span, growHeader: true);
            return true;
        }
        row = default;
        return false;
    }

    public void Dispose() => _text.Dispose();

    private TabularRow Parse(long number, ReadOnlySpan<char> line, bool growHeader)
    {
        var bytes = ToUtf8(line);
        _values.Clear();
        string? key = null;
        try
        {
            var json = new Utf8JsonReader(bytes, JsonOptions);
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                var kind = json.TokenType switch
                {
                    JsonTokenType.StartArray => "an array",
                    JsonTokenType.String => "a string",
                    JsonTokenType.Number => "a number",
                    JsonTokenType.True or JsonTokenType.False => "a boolean",
                    JsonTokenType.Null => "null",
                    _ => "nothing",
                };
                return Broken(number, null, $"is not a JSON object but {kind}", line);
            }

            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                key = json.GetString();
                json.Read();
                var value = json.TokenType switch
                {
                    JsonTokenType.String => json.GetString() is { Length: > 0 } s ? Cut(s) : null,
                    JsonTokenType.Number => Cut(Encoding.UTF8.GetString(json.ValueSpan)),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    JsonTokenType.Null => null,
                    _ => Raw(ref json, bytes),
                };
                if (ColumnOf(key!, growHeader) is not { } column)
                {
                    return Broken(number, null, $"adds the key '{TabularLimits.Shortened(key, 40)}' beyond the {MaxColumns} distinct keys of at most {MaxKeyLength} characters a report may have", line);
                }
                if (_values.Exists(v => v.Column == column))
                {
                    return Broken(number, key, "is given twice in this line", line);
                }
                _values.Add((column, value));
                key = null;
            }
            // Anything after the object, or an object left open, fails here.
            while (json.Read())
            {
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Broken(number, key, $"is not a JSON object: {e.Message}", line);
        }

        var cells = new string?[_header.Count];
        foreach (var (column, value) in _values)
        {
            cells[column] = value;
        }
        return new TabularRow(number, cells);
    }

    /// <summary>A line cut at <see cref="MaxLineLength"/>: the key whose value ran over is found by reading the kept start as far as it goes.</summary>
    private TabularRow TooLong(long number, ReadOnlySpan<char> start)
    {
        var bytes = ToUtf8(start);
        string? key = null;
        try
        {
            var json = new Utf8JsonReader(bytes, isFinalBlock: false, new JsonReaderState(JsonOptions));
            while (json.Read())
            {
                if (json.TokenType == JsonTokenType.PropertyName && json.CurrentDepth == 1)
                {
                    key = json.GetString();
                }
                else if (json.CurrentDepth == 1 && json.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                {
                    key = null;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            key = null;
        }
        return Broken(number, key, key is null
            ? string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxLineLength:N0} characters")
            : string.Create(CultureInfo.InvariantCulture, $"is longer than {TabularLimits.MaxCellLength:N0} characters, the most a spreadsheet cell holds (the line is longer than {MaxLineLength:N0})"), start);
    }

    private TabularRow Broken(long number, string? key, string message, ReadOnlySpan<char> line) =>
        new(number, new string?[_header.Count], new TabularRowProblem(key, message, TabularLimits.Shortened(new string(line[..Math.Min(line.Length, 200)]))));

    private int? ColumnOf(string key, bool growHeader)
    {
        if (_columns.TryGetValue(key, out var column))
        {
            return column;
        }
        if (!growHeader || _header.Count >= MaxColumns || key.Length > MaxKeyLength)
        {
            return null;
        }
        _columns[key] = _header.Count;
        _header.Add(key);
        return _header.Count - 1;
    }

    private static string? Raw(ref Utf8JsonReader json, ReadOnlySpan<byte> bytes)
    {
        var start = (int)json.TokenStartIndex;
        json.Skip();
        var end = (int)json.TokenStartIndex + 1;
        return Cut(Encoding.UTF8.GetString(bytes[start..end]));
    }

    private static string Cut(string value) => value.Length > TabularLimits.MaxCellLength ? value[..(TabularLimits.MaxCellLength + 1)] : value;

    private ReadOnlySpan<byte> ToUtf8(ReadOnlySpan<char> line)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (needed > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(needed, _utf8.Length * 2)];
        }
        return _utf8.AsSpan(0, Encoding.UTF8.GetBytes(line, _utf8));
    }

    /// <summary>
    /// Physical lines split at LF (a CR before it is dropped). A line longer than <see cref="MaxLineLength"/> characters is
    /// cut there: its start is kept and the rest passed over up to the next LF, never held.
    /// </summary>
    private sealed class LineReader(TextReader text)
    {
        private readonly char[] _buffer = new char[16 * 1024];
        private char[] _line = new char[1024];
        private int _pos;
        private int _len;
        private long _number;

        public bool TryReadLine(out long number, out ReadOnlyMemory<char> line, out bool cut)
        {
            var length = 0;
            cut = false;
            var any = false;
            while (true)
            {
                if (_pos == _len)
                {
                    _pos = 0;
                    _len = text.Read(_buffer);
                    if (_len == 0)
                    {
                        if (!any)
                        {
                            number = 0;
                            line = default;
                            return false;
                        }
                        break;
                    }
                }
                any = true;
                var available = _buffer.AsSpan(_pos, _len - _pos);
                var newline = available.IndexOf('\n');
                var segment = newline < 0 ? available : available[..newline];
                var keep = Math.Min(segment.Length, MaxLineLength - length);
                cut |= keep < segment.Length;
                if (length + keep > _line.Length)
                {
                    Array.Resize(ref _line, Math.Max(_line.Length * 2, length + keep));
                }
                segment[..keep].CopyTo(_line.AsSpan(length));
                length += keep;
                _pos += newline < 0 ? segment.Length : newline + 1;
                if (newline >= 0)
                {
                    break;
                }
            }
            if (!cut && length > 0 && _line[length - 1] == '\r')
            {
                length--;
            }
            number = ++_number;
            line = _line.AsMemory(0, length);
            return true;
        }
    }
}
