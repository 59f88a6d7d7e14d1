using System.Text.Json;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Newline-delimited JSON: one object per line, read one line at a time, decoded by <see cref="TextEncodingDetector"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The header is the first object's property names in order; that object is also the first row.</item>
/// <item>In later objects, properties not in the header are ignored and missing ones are null.</item>
/// <item>Strings are cells as they are (an empty string is null, as an empty CSV cell is); numbers keep their JSON text
/// (<c>1e3</c> stays <c>1e3</c>); <c>true</c>/<c>false</c> become those words; <c>null</c> is null; an object or array
/// becomes its raw JSON text for the mapping layer to reject.</item>
/// <item>Blank lines are skipped. A line that is not a JSON object makes the file unreadable, since its cells cannot be known.</item>
/// <item><see cref="TabularRow.RowNumber"/> is the line number.</item>
/// </list>
/// The caller keeps ownership of the stream.
/// </remarks>
public sealed class NdjsonTabularReader : ITabularReader
{
    public const int MaxLineLength = 1 << 20;

    private readonly TextReader _text;
    private readonly LineReader _lines;
    private readonly string[] _header;
    private readonly Dictionary<string, int> _columns;
    private TabularRow? _pending;

    private NdjsonTabularReader(TextReader text, LineReader lines, string[] header)
    {
        _text = text;
        _lines = lines;
        _header = header;
        _columns = new Dictionary<string, int>(header.Length, StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            _columns[header[i]] = i;
        }
    }

    public IReadOnlyList<string> Header => _header;

    public static NdjsonTabularReader Open(Stream content, TabularReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = TextEncodingDetector.OpenText(content, options.Encoding);
        try
        {
            var lines = new LineReader(text);
            while (lines.TryReadLine(out var number, out var line))
            {
                if (line.Span.IsWhiteSpace())
                {
                    continue;
                }
                using var document = ParseObject(number, line);
                var header = document.RootElement.EnumerateObject().Select(p => p.Name).Distinct(StringComparer.Ordinal).ToArray();
                if (header.Length == 0)
                {
                    throw new UnreadableReportException($"line {number} is the first object and has no properties, so there are no columns");
                }
                var reader = new NdjsonTabularReader(text, lines, header);
                reader._pending = new TabularRow(number, reader.Cells(document.RootElement));
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
        while (_lines.TryReadLine(out var number, out var line))
        {
            if (line.Span.IsWhiteSpace())
            {
                continue;
            }
            using var document = ParseObject(number, line);
            row = new TabularRow(number, Cells(document.RootElement));
            return true;
        }
        row = default;
        return false;
    }

    public void Dispose() => _text.Dispose();

    private string?[] Cells(JsonElement obj)
    {
        var cells = new string?[_header.Length];
        foreach (var property in obj.EnumerateObject())
        {
            if (_columns.TryGetValue(property.Name, out var i))
            {
                cells[i] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() is { Length: > 0 } s ? s : null,
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
        }
        return cells;
    }

    private static JsonDocument ParseObject(long number, ReadOnlyMemory<char> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new UnreadableReportException($"line {number} is not a JSON object: {e.Message}", e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind.ToString().ToLowerInvariant();
            document.Dispose();
            throw new UnreadableReportException($"line {number} is not a JSON object but {(kind is "array" or "object" ? "an" : "a")} {kind}");
        }
        return document;
    }

    /// <summary>Physical lines split at LF (a CR before it is dropped), each at most <see cref="MaxLineLength"/> characters.</summary>
    private sealed class LineReader(TextReader text)
    {
        private readonly char[] _buffer = new char[16 * 1024];
        private char[] _line = new char[1024];
        private int _pos;
        private int _len;
        private long _number;

        public bool TryReadLine(out long number, out ReadOnlyMemory<char> line)
        {
            var length = 0;
            while (true)
            {
                if (_pos == _len)
                {
                    _pos = 0;
                    _len = text.Read(_buffer);
                    if (_len == 0)
                    {
                        if (length == 0)
                        {
                            number = 0;
                            line = default;
                            return false;
                        }
                        break;
                    }
                }
                var available = _buffer.AsSpan(_pos, _len - _pos);
                var newline = available.IndexOf('\n');
                var segment = newline < 0 ? available : available[..newline];
                if (length + segment.Length > MaxLineLength)
                {
                    throw new UnreadableReportException($"line {_number + 1} is longer than {MaxLineLength} characters");
                }
                if (length + segment.Length > _line.Length)
                {
                    Array.Resize(ref _line, Math.Max(_line.Length * 2, length + segment.Length));
                }
                segment.CopyTo(_line.AsSpan(length));
                length += segment.Length;
                _pos += newline < 0 ? segment.Length : newline + 1;
                if (newline >= 0)
                {
                    break;
                }
            }
            if (length > 0 && _line[length - 1] == '\r')
            {
                length--;
            }
            number = ++_number;
            line = _line.AsMemory(0, length);
            return true;
        }
    }
}
